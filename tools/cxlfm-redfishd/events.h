/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The EventService of the network process: events from the broker become
 * Redfish Event records (registry.c), kept in a small ring that Server-Sent
 * Event streams read, and queued for the push subscriptions (push.c).
 * Three kinds of thread touch this state (the main thread that reads the
 * broker's events, libmicrohttpd's, the push workers): one mutex guards it.
 */
#ifndef RF_EVENTS_H
#define RF_EVENTS_H

#include <gnutls/gnutls.h>
#include <json-c/json.h>

#include "proto.h"

#define RF_MAX_SUBS		16	/* push subscriptions */
#define RF_MAX_SSE		8	/* SSE streams at once */
#define RF_RING			64	/* events an SSE stream may lag */
#define RF_PUSH_QUEUE		64	/* deliveries waiting, all subscriptions */
#define RF_PUSH_WORKERS		4	/* deliveries at once, one a subscription */
#define RF_PUSH_SHARE		(RF_PUSH_QUEUE / RF_PUSH_WORKERS) /* waiting, one's */
#define RF_RETRY_ATTEMPTS	3

struct rf_call;
struct MHD_Connection;
struct MHD_Response;

/* registry.c: one broker event as Redfish event records (a JSON array) */
struct json_object *registry_records(const struct rf_event *e, unsigned long id);
void svc_registries(struct rf_call *c);

/* events.c */
extern unsigned int retry_interval;		/* seconds between attempts */
int events_start(gnutls_certificate_credentials_t cred);
/* --subscriptions: the subscriptions in the file @fd (@path, for messages),
 * and where they are kept from now on; before events_start(). */
int events_restore(int fd, const char *path);
void events_feed(const struct rf_event *e);	/* main thread */
/* One Event of the records @make builds for event id @id (any thread). */
void events_post(struct json_object *(*make)(unsigned long id, const void *arg), const void *arg);
/* test_event.c: POST .../Actions/EventService.SubmitTestEvent */
void submit_test_event(struct rf_call *c);
void events_tick(void);				/* SSE keep-alive, every few seconds */
void events_reap(void);				/* SSE streams whose client left: every second */
void events_stop(void);				/* before the HTTP server stops */
void svc_events(struct rf_call *c);
struct MHD_Response *events_sse_response(void *stream);
void events_sse_abort(void *stream);		/* no response could be made */

/* push.c: whether @url is an https URL push_post() can use; one HTTPS POST,
 * 0 on a 2xx answer */
int push_url_valid(const char *url);
int push_post(const char *url, const char *body, gnutls_certificate_credentials_t cred,
	      char *why, size_t whylen);

#endif
