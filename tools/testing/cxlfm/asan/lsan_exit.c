// SPDX-License-Identifier: GPL-2.0
/*
 * Linked into the sanitizer build of the selftests (make user SAN=1) with
 * -Wl,--wrap=_exit.  The kselftest harness ends each test case's process
 * with _exit(), which skips LeakSanitizer's check at exit(): so a leak in a
 * test case, the library calls it made included, would go unseen.  Here
 * every _exit() of the test program checks for leaks first.  A leak fails
 * the case (its process exits 1 instead of 0) and its report goes to
 * ASAN_OPTIONS' log_path, which fails the group (asan/run.sh).
 */
#include <sanitizer/lsan_interface.h>

void __real__exit(int status) __attribute__((noreturn));
void __wrap__exit(int status) __attribute__((noreturn));

void __wrap__exit(int status)
{
	if (__lsan_do_recoverable_leak_check() && !status)
		status = 1;
	__real__exit(status);
}
