#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make asan: build libcxlfm, the CLI, cxlfmd and the selftests with ASan
# and UBSan (build/user-asan) and run every sanitizer group in the VM on
# one leg (ASAN_LEG, default 6.12).  See Documentation/reliability.md.

set -euo pipefail
CXLFM_TOP=$(cd "$(dirname "$0")/.." && pwd)
leg=${ASAN_LEG:-6.12}

bash "$CXLFM_TOP/scripts/build-legs.sh" "$leg" >/dev/null
make -s -C "$CXLFM_TOP" user SAN=1 WERROR=1
mapfile -t groups < <(bash "$CXLFM_TOP/tools/testing/cxlfm/asan/groups.sh")
bash "$CXLFM_TOP/tools/testing/cxlfm/vm/run.sh" --leg "$leg" \
	--out "$CXLFM_TOP/build/vm/asan-$leg" --timeout 1200 "${groups[@]}"
