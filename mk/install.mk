# SPDX-License-Identifier: GPL-2.0
#
# make man                 the man pages (scdoc) into build/man
# make install             library, headers, .pc, tools, man pages, bash
#                          completion, systemd unit (not enabled), the
#                          modprobe.d entry that has cxlfm hold event
#                          records for cxlfmd, the udev rule as an example
#                          (not active)
# make uninstall           removes what make install put in place
# make install-dkms        the module's sources and dkms.conf under /usr/src
# make modules_install     cxlfm.ko built for KVER, into /lib/modules
#
# DESTDIR stages the whole installation; PREFIX (default /usr/local) is
# where it will live.  Neither needs make setup.  Included from the
# top-level Makefile.
#
# The uAPI header goes to INCLUDEDIR/cxlfm/uapi/cxlfm.h, not
# INCLUDEDIR/linux/: that directory is linux-libc-dev's (the kernel's
# headers), and a later kernel shipping its own linux/cxlfm.h would collide.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
DOCDIR ?= $(PREFIX)/share/doc/cxlfm
EXAMPLESDIR ?= $(DOCDIR)/examples
DKMSSRCDIR ?= /usr/src/cxlfm-$(VERSION)
# modprobe reads /usr/lib/modprobe.d and /etc/modprobe.d, not PREFIX's
MODPROBEDIR ?= $(if $(filter /usr,$(PREFIX)),/usr/lib/modprobe.d,/etc/modprobe.d)
# Where cxlfm.ko goes under /lib/modules/KVER: the directory Debian's,
# Ubuntu's and Arch's dkms put it in whatever dkms.conf says, so that
# dkms.conf's DEST_MODULE_LOCATION and make modules_install name one file,
# and a module installed either way replaces the other (two copies would
# leave depmod to choose).
MODULE_DIR := updates/dkms

.PHONY: man install uninstall install-dkms modules_install

# The public headers: libcxlfm.h and what it includes (the typed ops and
# their types), and the uAPI header below.  Only exported names, all
# prefixed (tools/testing/cxlfm/host/header_test.sh); the FM-API codec's
# headers are the library's and the kernel's own.
PUBLIC_HDRS := include/cxlfm/libcxlfm.h include/cxlfm/fm_ops.h include/cxlfm/fm_types.h

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
	$(CC) $(USER_CFLAGS) $(LDFLAGS) -DCXLFM_VERSION='"$(VERSION)"' -o $@ \
		$(CLI_SRCS) -L$(U)/lib -lcxlfm $(NL_LIBS) $(KMOD_JSON_LIBS)
$(INST)/cxlfmd: $(U)/bin/cxlfmd
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(LDFLAGS) -DCXLFM_VERSION='"$(VERSION)"' -o $@ \
		$(DAEMON_SRCS) $(JOURNAL_SRCS) -L$(U)/lib -lcxlfm $(NL_LIBS)
$(INST)/libcxlfm.pc: lib/libcxlfm.pc.in
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|; s|@VERSION@|$(VERSION)|' $< >$@
# PREFIX, PKGCONFIGDIR, ... change the file's contents: always regenerate.
.PHONY: $(INST)/libcxlfm.pc

D := $(DESTDIR)
# An example to copy to /etc/udev/rules.d and adapt: installed where udev
# does not read it.
UDEV_RULES := $(wildcard contrib/udev/*.rules)
install: lib $(INST)/cxlfm $(INST)/cxlfmd $(INST)/libcxlfm.pc man
	install -d $(D)$(LIBDIR) $(D)$(PKGCONFIGDIR) \
		$(D)$(INCLUDEDIR)/cxlfm/uapi $(D)$(BINDIR) $(D)$(SBINDIR) \
		$(D)$(MANDIR)/man3 $(D)$(MANDIR)/man8 $(D)$(BASHCOMPDIR) \
		$(D)$(EXAMPLESDIR) $(D)$(SYSTEMDUNITDIR) $(D)$(MODPROBEDIR)
	install -m 755 $(LIB) $(D)$(LIBDIR)/
	ln -sf $(notdir $(LIB)) $(D)$(LIBDIR)/$(LIB_SO)
	ln -sf $(LIB_SO) $(D)$(LIBDIR)/libcxlfm.so
	install -m 644 $(INST)/libcxlfm.pc $(D)$(PKGCONFIGDIR)/
	install -m 644 $(PUBLIC_HDRS) $(D)$(INCLUDEDIR)/cxlfm/
	install -m 644 include/uapi/linux/cxlfm.h $(D)$(INCLUDEDIR)/cxlfm/uapi/
	install -m 755 $(INST)/cxlfm $(D)$(BINDIR)/
	install -m 755 $(INST)/cxlfmd $(D)$(SBINDIR)/
	install -m 644 $(MAN)/libcxlfm.3 $(D)$(MANDIR)/man3/
	install -m 644 $(MAN)/cxlfm.8 $(MAN)/cxlfmd.8 $(D)$(MANDIR)/man8/
	install -m 644 contrib/bash-completion/cxlfm $(D)$(BASHCOMPDIR)/
	ln -sf cxlfm $(D)$(BASHCOMPDIR)/cxlfmd
	install -m 644 $(UDEV_RULES) $(D)$(EXAMPLESDIR)/
	sed 's|/usr/sbin/cxlfmd|$(SBINDIR)/cxlfmd|' contrib/systemd/cxlfmd.service \
		>$(D)$(SYSTEMDUNITDIR)/cxlfmd.service
	install -m 644 contrib/modprobe.d/cxlfm.conf $(D)$(MODPROBEDIR)/

# Every file make install puts in place; the directories that are cxlfm's
# alone go whole.  install_test.sh checks that nothing is left.
uninstall:
	rm -f $(D)$(LIBDIR)/$(notdir $(LIB)) $(D)$(LIBDIR)/$(LIB_SO) \
		$(D)$(LIBDIR)/libcxlfm.so $(D)$(PKGCONFIGDIR)/libcxlfm.pc \
		$(D)$(BINDIR)/cxlfm $(D)$(SBINDIR)/cxlfmd \
		$(D)$(MANDIR)/man3/libcxlfm.3 $(D)$(MANDIR)/man8/cxlfm.8 \
		$(D)$(MANDIR)/man8/cxlfmd.8 $(D)$(BASHCOMPDIR)/cxlfm \
		$(D)$(BASHCOMPDIR)/cxlfmd $(D)$(SYSTEMDUNITDIR)/cxlfmd.service \
		$(D)$(MODPROBEDIR)/cxlfm.conf
	rm -rf $(D)$(INCLUDEDIR)/cxlfm $(D)$(DOCDIR)

# ---- the module's sources for dkms (dkms add/build/install cxlfm/VERSION)
install-dkms:
	install -d $(D)$(DKMSSRCDIR)
	cp -r drivers include $(D)$(DKMSSRCDIR)/
	sed 's|^PACKAGE_VERSION=.*|PACKAGE_VERSION="$(VERSION)"|' dkms.conf \
		>$(D)$(DKMSSRCDIR)/dkms.conf

# Only cxlfm.ko: the simulator and the checker are test modules.
modules_install: modules
	install -D -m 644 $(O)/kmod/$(KVER)/drivers/cxlfm/cxlfm.ko \
		$(D)/lib/modules/$(KVER)/$(MODULE_DIR)/cxlfm.ko
	$(if $(DESTDIR),,depmod -a $(KVER))
