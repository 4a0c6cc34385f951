# SPDX-License-Identifier: GPL-2.0
#
# cxlfm-redfishd, the Redfish service (Documentation/redfish.md):
# libmicrohttpd with GnuTLS for HTTPS, json-c, libcrypt for the password
# file's hashes.  Included from the top-level Makefile after install.mk.

REDFISH_SRCS := $(addprefix tools/cxlfm-redfishd/,main.c http.c answer.c auth.c \
	service.c tasks.c fabric.c broker.c broker_call.c \
	feed.c events.c registry.c client.c push.c remote.c test_event.c \
	subs_store.c)
REDFISH_HDRS := $(wildcard tools/cxlfm-redfishd/*.h)
REDFISH_LIBS = $(shell pkg-config --libs libmicrohttpd json-c libcrypt gnutls) -lpthread
REDFISH_CFLAGS = $(shell pkg-config --cflags libmicrohttpd json-c gnutls)

tools: $(U)/bin/cxlfm-redfishd
$(U)/bin/cxlfm-redfishd: $(REDFISH_SRCS) $(REDFISH_HDRS) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(REDFISH_CFLAGS) $(LDFLAGS) -o $@ $(REDFISH_SRCS) \
		-L$(U)/lib -lcxlfm -Wl,-rpath,$(U)/lib $(NL_LIBS) $(REDFISH_LIBS)

$(INST)/cxlfm-redfishd: $(U)/bin/cxlfm-redfishd
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(REDFISH_CFLAGS) $(LDFLAGS) -o $@ $(REDFISH_SRCS) \
		-L$(U)/lib -lcxlfm $(NL_LIBS) $(REDFISH_LIBS)

.PHONY: install-redfishd uninstall-redfishd
install: install-redfishd
install-redfishd: $(INST)/cxlfm-redfishd
	install -d $(D)$(SBINDIR) $(D)$(SYSTEMDUNITDIR)
	install -m 755 $(INST)/cxlfm-redfishd $(D)$(SBINDIR)/
	sed 's|/usr/sbin/cxlfm-redfishd|$(SBINDIR)/cxlfm-redfishd|' \
		contrib/systemd/cxlfm-redfishd.service \
		>$(D)$(SYSTEMDUNITDIR)/cxlfm-redfishd.service
uninstall: uninstall-redfishd
uninstall-redfishd:
	rm -f $(D)$(SBINDIR)/cxlfm-redfishd $(D)$(SYSTEMDUNITDIR)/cxlfm-redfishd.service

# cxlfm-redfishd under ThreadSanitizer: its threads (the one that reads
# the broker's events, libmicrohttpd's, the push workers) share the
# EventService's state (tools/testing/cxlfm/host/redfish_tsan_test.sh).
RF_TSAN := $(O)/user-tsan/cxlfm-redfishd
.PHONY: redfishd-tsan
redfishd-tsan: $(RF_TSAN)
$(RF_TSAN): $(REDFISH_SRCS) $(REDFISH_HDRS) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -fsanitize=thread -g $(REDFISH_CFLAGS) $(LDFLAGS) -o $@ \
		$(REDFISH_SRCS) -L$(U)/lib -lcxlfm -Wl,-rpath,$(U)/lib $(NL_LIBS) $(REDFISH_LIBS)
