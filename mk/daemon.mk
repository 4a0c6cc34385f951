# SPDX-License-Identifier: GPL-2.0
#
# cxlfmd, its journal module, and the journal reader in the CLI
# (`cxlfm events`).  Included from the top-level Makefile.

JOURNAL_SRCS := tools/cxlfmd/journal.c tools/cxlfmd/segment.c
JOURNAL_HDRS := tools/cxlfmd/journal.h tools/cxlfmd/segment.h

# The CLI reads the journal: add the verb and the shared module to it
# (once, should the CLI's source list come to name the verb itself).
CLI_SRCS += $(filter-out $(CLI_SRCS),tools/cxlfm/cmd_events.c) $(JOURNAL_SRCS)
$(U)/bin/cxlfm: tools/cxlfm/cmd_events.c $(JOURNAL_SRCS) $(JOURNAL_HDRS)

# the daemon's own modules
DAEMON_SRCS := tools/cxlfmd/cxlfmd.c tools/cxlfmd/replay.c \
	       tools/cxlfmd/sdnotify.c tools/cxlfmd/sdjournal.c
DAEMON_HDRS := tools/cxlfmd/replay.h tools/cxlfmd/sdnotify.h \
	       tools/cxlfmd/sdjournal.h

tools: $(U)/bin/cxlfmd
$(U)/bin/cxlfmd: $(DAEMON_SRCS) $(DAEMON_HDRS) $(JOURNAL_SRCS) $(JOURNAL_HDRS) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(LDFLAGS) -DCXLFM_VERSION='"$(VERSION)"' -o $@ \
		$(DAEMON_SRCS) $(JOURNAL_SRCS) \
		-L$(U)/lib -lcxlfm -Wl,-rpath,$(U)/lib $(NL_LIBS)
