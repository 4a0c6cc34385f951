// SPDX-License-Identifier: GPL-2.0
/*
 * The TaskService: one task per fabric change a client asked for (bind,
 * unbind, port reset).  The switch runs the command in the background; a
 * task's state is read from the switch (through the broker) each time a
 * client looks at it, until it ended; then its result is kept, since the
 * switch reports only its last background command.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rf.h"

#define T_TASK_SVC	"#TaskService.v1_3_0.TaskService"
#define T_TASK		"#Task.v1_7_4.Task"
#define T_TASK_COLL	"#TaskCollection.TaskCollection"
#define RF_MAX_TASKS	32

struct rf_task {
	unsigned int id;		/* 0: free */
	char name[64];
	enum rf_role role;		/* of the client that started it */
	char user[RF_NAME_MAX];
	struct rf_bg bg;		/* the switch's command */
	bool ended;
	unsigned int status;		/* HTTP status of the final answer */
	uint16_t return_code;
	char result_uri[256];		/* the created resource, if any */
	time_t start, end;
};

static struct rf_task tasks[RF_MAX_TASKS];
static unsigned int next_id = 1;

struct rf_task *task_new(const char *name, const struct rf_call *c)
{
	struct rf_task *t = NULL, *oldest = NULL;
	unsigned int i;

	/* A full table forgets its oldest task that ended. */
	for (i = 0; i < RF_MAX_TASKS && !t; i++) {
		if (!tasks[i].id)
			t = &tasks[i];
		else if (tasks[i].ended && (!oldest || tasks[i].id < oldest->id))
			oldest = &tasks[i];
	}
	if (!t)
		t = oldest;
	if (!t)
		return NULL;
	memset(t, 0, sizeof(*t));
	t->id = next_id++;
	snprintf(t->name, sizeof(t->name), "%s", name);
	snprintf(t->user, sizeof(t->user), "%s", c->user ? c->user : "");
	t->role = c->role;
	t->start = time(NULL);
	return t;
}

void task_free_last(struct rf_task *t)
{
	if (t)
		memset(t, 0, sizeof(*t));
}

void task_started(struct rf_task *t, const struct rf_bg *bg)
{
	t->bg = *bg;
}

void task_set_result(struct rf_task *t, const char *uri)
{
	snprintf(t->result_uri, sizeof(t->result_uri), "%s", uri);
}

void task_done(struct rf_task *t, unsigned int status, const char *result_uri)
{
	t->ended = true;
	t->status = status;
	t->end = time(NULL);
	if (result_uri && result_uri != t->result_uri)
		snprintf(t->result_uri, sizeof(t->result_uri), "%s", result_uri);
}

/* Ask the switch whether the task's command ended. */
static void task_poll(struct rf_call *c, struct rf_task *t)
{
	struct rf_req req = {
		.op = RF_OP_BG_STATUS, .cci = t->bg.cmd.cci,
		.opcode = t->bg.cmd.opcode, .seq = t->bg.cmd.seq,
	};
	const struct rf_bg *bg;
	struct rf_rsp rsp;

	if (t->ended)
		return;
	bg = rf_broker(c, &req, &rsp);
	if (!bg || rsp.err)
		return;		/* unknown for now: still Running */
	t->bg.percent = bg->percent;
	if (bg->running)
		return;
	t->return_code = bg->return_code;
	if (bg->err)
		task_done(t, 500, NULL);	/* its result was lost */
	else
		task_done(t, bg->return_code ? 400 : t->result_uri[0] ? 201 : 200,
			  bg->return_code ? NULL : t->result_uri);
	if (!t->ended || t->status >= 400)
		t->result_uri[0] = 0;
}

static void fmt_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
}

static struct json_object *task_json(const struct rf_task *t)
{
	struct json_object *o = jobj(T_TASK, RF_ROOT "/TaskService/Tasks/%u", t->id);
	struct json_object *msgs = json_object_new_array(), *m;
	char buf[64];

	snprintf(buf, sizeof(buf), "%u", t->id);
	jstr(o, "Id", buf);
	jstr(o, "Name", t->name);
	jstr(o, "TaskState", !t->ended ? "Running" : t->status < 300 ? "Completed" : "Exception");
	jstr(o, "TaskStatus", !t->ended || t->status < 300 ? "OK" : "Critical");
	jint(o, "PercentComplete", t->ended ? 100 : t->bg.percent);
	fmt_time(t->start, buf, sizeof(buf));
	jstr(o, "StartTime", buf);
	if (t->ended) {
		fmt_time(t->end, buf, sizeof(buf));
		jstr(o, "EndTime", buf);
	}
	snprintf(buf, sizeof(buf), RF_ROOT "/TaskService/TaskMonitors/%u", t->id);
	jstr(o, "TaskMonitor", buf);
	if (t->ended) {
		m = json_object_new_object();
		jstr(m, "@odata.type", "#Message.v1_2_1.Message");
		if (t->status < 300) {
			jstr(m, "MessageId", "TaskEvent.1.0.TaskCompletedOK");
			snprintf(buf, sizeof(buf), "The task with Id '%u' has completed.", t->id);
			jstr(m, "MessageSeverity", "OK");
			jstr(m, "Severity", "OK");
		} else {
			jstr(m, "MessageId", "TaskEvent.1.0.TaskAborted");
			snprintf(buf, sizeof(buf), "The task with Id '%u' has been aborted.", t->id);
			jstr(m, "MessageSeverity", "Critical");
			jstr(m, "Severity", "Critical");
		}
		jstr(m, "Message", buf);
		json_object_array_add(msgs, m);
		if (t->status >= 300) {
			m = json_object_new_object();
			jstr(m, "@odata.type", "#Message.v1_2_1.Message");
			jstr(m, "MessageId", RF_BASE_REG ".OperationFailed");
			snprintf(buf, sizeof(buf), "CXL return code %#x: %s", t->return_code,
				 cxlfm_rc_name(t->return_code));
			jstr(m, "Message", buf);
			jstr(m, "MessageSeverity", "Critical");
			jstr(m, "Severity", "Critical");
			json_object_array_add(msgs, m);
		}
	}
	jset(o, "Messages", msgs);
	if (t->result_uri[0]) {
		struct json_object *l = json_object_new_object(), *a = json_object_new_array();

		json_object_array_add(a, jlink("%s", t->result_uri));
		jset(l, "CreatedResources", a);
		jint(l, "CreatedResources@odata.count", 1);
		jset(o, "Links", l);
	}
	return o;
}

/* 202 Accepted: the task monitor in Location, the task as the body. */
void task_accepted(struct rf_call *c, struct rf_task *t)
{
	snprintf(c->location, sizeof(c->location), RF_ROOT "/TaskService/TaskMonitors/%u", t->id);
	c->retry_after = 1;
	rf_ok(c, 202, task_json(t));
}

static struct rf_task *task_find(const char *s)
{
	unsigned int i;
	long id = rf_id_num(s, UINT32_MAX);

	if (id <= 0)
		return NULL;
	for (i = 0; i < RF_MAX_TASKS; i++)
		if (tasks[i].id == id)
			return &tasks[i];
	return NULL;
}

/*
 * The task monitor (DSP0266 §13.2.7): 202 with the task while it runs;
 * then the operation's own answer: 201 with Location of what it created,
 * or 200 with the task, or the error.
 */
static void task_monitor(struct rf_call *c, struct rf_task *t)
{
	task_poll(c, t);
	if (!t->ended) {
		task_accepted(c, t);
		return;
	}
	if (t->status >= 400) {
		rf_error(c, t->status, "OperationFailed", NULL);
		return;
	}
	if (t->result_uri[0])
		snprintf(c->location, sizeof(c->location), "%s", t->result_uri);
	rf_ok(c, t->status, task_json(t));
}

void svc_tasks(struct rf_call *c)
{
	struct rf_task *t;
	unsigned int i;

	if (strcmp(c->method, "GET"))
		return rf_method(c, "GET");
	if (c->nsegs == 1) {
		struct json_object *o = jobj(T_TASK_SVC, RF_ROOT "/TaskService");

		jstr(o, "Id", "TaskService");
		jstr(o, "Name", "Task Service");
		jset(o, "ServiceEnabled", json_object_new_boolean(1));
		jstr(o, "CompletedTaskOverWritePolicy", "Oldest");
		jset(o, "LifeCycleEventOnTaskStateChange", json_object_new_boolean(0));
		jset(o, "Status", jstatus("Enabled", "OK"));
		jset(o, "Tasks", jlink(RF_ROOT "/TaskService/Tasks"));
		return rf_ok(c, 200, o);
	}
	if (c->nsegs == 2 && !strcmp(c->segs[1], "Tasks")) {
		struct json_object *o = jcoll(T_TASK_COLL, "Task Collection",
					      RF_ROOT "/TaskService/Tasks");

		for (i = 0; i < RF_MAX_TASKS; i++)
			if (tasks[i].id)
				jmember(o, RF_ROOT "/TaskService/Tasks/%u", tasks[i].id);
		return rf_ok(c, 200, o);
	}
	if (c->nsegs == 3 && !strcmp(c->segs[1], "Tasks") && (t = task_find(c->segs[2]))) {
		task_poll(c, t);
		return rf_ok(c, 200, task_json(t));
	}
	if (c->nsegs == 3 && !strcmp(c->segs[1], "TaskMonitors") && (t = task_find(c->segs[2])))
		return task_monitor(c, t);
	rf_not_found(c);
}
