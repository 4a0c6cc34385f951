# SPDX-License-Identifier: GPL-2.0
#
# make man                 the man pages (scdoc) into build/man
# make install             library, headers, .pc, tools, man pages, bash
#                          completion, udev rule, systemd unit
# make install-dkms        the module's sources and dkms.conf under /usr/src
# make modules_install     cxlfm.ko built for KVER, into /lib/modules
#
# DESTDIR stages the whole installation; PREFIX (default /usr/local) is
# where it will live.  Included from the top-level Makefile.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
UDEVRULESDIR ?= $(PREFIX)/lib/udev/rules.d
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
DKMSSRCDIR ?= /usr/src/cxlfm-$(VERSION)

.PHONY: man install install-dkms modules_install

# ---- man pages: one scdoc source each; cxlfm(8) is assembled from one
# file per verb in Documentation/man/cxlfm.8.d, in name order.
MAN := $(O)/man
MAN_PAGES := $(MAN)/cxlfm.8 $(MAN)/cxlfmd.8 $(MAN)/libcxlfm.3
man: $(MAN_PAGES)
$(MAN)/cxlfm.8: $(sort $(wildcard Documentation/man/cxlfm.8.d/*.scd))
	@mkdir -p $(dir $@)
	cat $^ | scdoc >$@
$(MAN)/%: Documentation/man/%.scd
	@mkdir -p $(dir $@)
	scdoc <$< >$@

# ---- the tools again, linked without the build tree's rpath
INST := $(O)/install
KMOD_JSON_LIBS = $(shell pkg-config --libs json-c libkmod)
$(INST)/cxlfm: $(U)/bin/cxlfm
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Idrivers/cxlfm -DCXLFM_VERSION='"$(VERSION)"' -o $@ \
		$(CLI_SRCS) -L$(U)/lib -lcxlfm $(NL_LIBS) $(KMOD_JSON_LIBS)
$(INST)/cxlfmd: $(U)/bin/cxlfmd
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -DCXLFM_VERSION='"$(VERSION)"' -o $@ \
		tools/cxlfmd/cxlfmd.c $(JOURNAL_SRCS) -L$(U)/lib -lcxlfm $(NL_LIBS)
$(INST)/libcxlfm.pc: lib/libcxlfm.pc.in
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|; s|@VERSION@|$(VERSION)|' $< >$@
# PREFIX, PKGCONFIGDIR, ... change the file's contents: always regenerate.
.PHONY: $(INST)/libcxlfm.pc

D := $(DESTDIR)
# The FM-API codec's structs are the types of the library's typed calls.
FMAPI_PUBLIC_HDRS := fmapi.h fmapi_types.h fmapi_cmds.h fmapi_events.h
install: lib $(INST)/cxlfm $(INST)/cxlfmd $(INST)/libcxlfm.pc man
	install -d $(D)$(LIBDIR) $(D)$(PKGCONFIGDIR) $(D)$(INCLUDEDIR)/cxlfm/fmapi \
		$(D)$(INCLUDEDIR)/linux $(D)$(BINDIR) $(D)$(SBINDIR) \
		$(D)$(MANDIR)/man3 $(D)$(MANDIR)/man8 $(D)$(BASHCOMPDIR) \
		$(D)$(UDEVRULESDIR) $(D)$(SYSTEMDUNITDIR)
	install -m 755 $(LIB) $(D)$(LIBDIR)/
	ln -sf $(notdir $(LIB)) $(D)$(LIBDIR)/$(LIB_SO)
	ln -sf $(LIB_SO) $(D)$(LIBDIR)/libcxlfm.so
	install -m 644 $(INST)/libcxlfm.pc $(D)$(PKGCONFIGDIR)/
	install -m 644 include/cxlfm/*.h $(D)$(INCLUDEDIR)/cxlfm/
	install -m 644 $(addprefix include/cxlfm/fmapi/,$(FMAPI_PUBLIC_HDRS)) \
		$(D)$(INCLUDEDIR)/cxlfm/fmapi/
	install -m 644 include/uapi/linux/cxlfm.h $(D)$(INCLUDEDIR)/linux/
	install -m 755 $(INST)/cxlfm $(D)$(BINDIR)/
	install -m 755 $(INST)/cxlfmd $(D)$(SBINDIR)/
	install -m 644 $(MAN)/libcxlfm.3 $(D)$(MANDIR)/man3/
	install -m 644 $(MAN)/cxlfm.8 $(MAN)/cxlfmd.8 $(D)$(MANDIR)/man8/
	install -m 644 contrib/bash-completion/cxlfm $(D)$(BASHCOMPDIR)/
	ln -sf cxlfm $(D)$(BASHCOMPDIR)/cxlfmd
	install -m 644 contrib/udev/*.rules $(D)$(UDEVRULESDIR)/
	sed 's|/usr/sbin/cxlfmd|$(SBINDIR)/cxlfmd|' contrib/systemd/cxlfmd.service \
		>$(D)$(SYSTEMDUNITDIR)/cxlfmd.service

# ---- the module's sources for dkms (dkms add/build/install cxlfm/VERSION)
install-dkms:
	install -d $(D)$(DKMSSRCDIR)
	cp -r drivers include $(D)$(DKMSSRCDIR)/
	sed 's|^PACKAGE_VERSION=.*|PACKAGE_VERSION="$(VERSION)"|' dkms.conf \
		>$(D)$(DKMSSRCDIR)/dkms.conf

# Only cxlfm.ko: the simulator and the checker are test modules.
modules_install: modules
	install -D -m 644 $(O)/kmod/$(KVER)/drivers/cxlfm/cxlfm.ko \
		$(D)/lib/modules/$(KVER)/updates/cxlfm.ko
	$(if $(DESTDIR),,depmod -a $(KVER))
