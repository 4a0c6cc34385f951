# SPDX-License-Identifier: GPL-2.0
#
# Shared by the tests of cxlfm-redfishd (host and VM): a certificate, a
# password file with one account per role, starting the daemon, one request
# with curl, and a walk of every resource the service links to.
# Needs: openssl, curl, jq, redfishtool.  Sourced; uses $rf_dir (a scratch directory),
# $rf_bin (the daemon) and $rf_url (https://ADDR:PORT).

RF_ACCOUNTS="ro:ReadOnly:ro-pw op:Operator:op-pw admin:Administrator:admin-pw"

rf_certs() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$rf_dir/key.pem" -out "$rf_dir/cert.pem" -days 2 \
		-subj /CN=localhost 2>/dev/null
}

# SHA-512 crypt: a test's many Basic logins stay cheap under TCG.
rf_passwd() {
	local a user role pw
	: >"$rf_dir/passwd"
	for a in $RF_ACCOUNTS; do
		IFS=: read -r user role pw <<<"$a"
		echo "$user:$role:$(echo "$pw" | "$rf_bin" --hash-password=sha512)" >>"$rf_dir/passwd"
	done
}

# rf_start ADDR:PORT [daemon options]: until /redfish answers (or 30 s)
rf_start() {
	local listen=$1 i
	shift
	"$rf_bin" --listen "$listen" --cert "$rf_dir/cert.pem" --key "$rf_dir/key.pem" \
		--passwd "$rf_dir/passwd" "$@" 2>"$rf_dir/daemon.log" &
	rf_pid=$!
	for i in $(seq 150); do
		curl -sk -o /dev/null "$rf_url/redfish" && return 0
		kill -0 "$rf_pid" 2>/dev/null || return 1
		sleep 0.2
	done
	return 1
}

# rf_stop: SIGTERM, and $rf_status once it exited; a daemon still there
# 20 s later is killed (rf_status 137), so that a hang fails its test
# rather than stopping the run
rf_stop() {
	local i
	[ -n "${rf_pid:-}" ] || return 0
	kill "$rf_pid" 2>/dev/null
	for i in $(seq 200); do
		grep -qs '^State:.*[ZX]' "/proc/$rf_pid/status" || [ ! -e "/proc/$rf_pid" ] && break
		sleep 0.1
	done
	if [ "$i" = 200 ]; then
		echo "# the daemon did not stop within 20 s of SIGTERM: killed"
		kill -KILL "$rf_pid" 2>/dev/null
	fi
	wait "$rf_pid" 2>/dev/null
	rf_status=$?
	rf_pid=
}

# rf METHOD PATH [curl options]: $code, $body (and the headers in $rf_dir/hdr)
rf() {
	local method=$1 path=$2
	shift 2
	body=$(curl -sk -X "$method" -D "$rf_dir/hdr" -o - -w '\n%{http_code}' "$@" "$rf_url$path")
	code=${body##*$'\n'}
	body=${body%$'\n'*}
}

# The value of header $1 of the last answer
rf_hdr() {
	sed -n "s/^$1: *//Ip" "$rf_dir/hdr" | tr -d '\r' | tail -n1
}

# The MessageId of the last answer's error, without the registry version
rf_msgid() {
	jq -r '.error["@Message.ExtendedInfo"][0].MessageId // "none"' <<<"$body" 2>/dev/null |
		sed 's/^Base\.[0-9]*\.[0-9]*\.//'
}

# rf_walk -t TOKEN | -u USER -p PASSWORD: GET every resource linked from the
# service root, breadth first, with Debian's redfishtool (its `raw GET`, all
# in one Python: tools/testing/cxlfm/redfish/rft_walk.py); writes
# [{uri, status, body}] to $rf_dir/walk.json, redfishtool's complaints to
# $rf_dir/walk.err.
rf_walk() {
	/usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/rft_walk.py" "${rf_url#https://}" \
		"$rf_dir/walk.json" "$@" 2>"$rf_dir/walk.err"
}

# jq_true FILTER TEXT [jq options]: FILTER is true of the JSON in TEXT; false
# when TEXT holds none (jq 1.6's -e alone passes on an empty input).
jq_true() {
	local f=$1 t=$2
	shift 2
	jq -e -n "$@" "input | ($f)" <<<"$t" >/dev/null 2>&1
}

# Problems of the walk's resources against the DMTF schema facts (none: "")
rf_schema_check() {
	jq -r --slurpfile facts "$(dirname "${BASH_SOURCE[0]}")/schema-facts.json" \
		-f "$(dirname "${BASH_SOURCE[0]}")/check-schema.jq" "${1:-$rf_dir/walk.json}"
}

# Several requests over one TLS connection (curl --next): under TCG a
# handshake and a curl start cost about a second each.
# rf_batch_add METHOD PATH [BODY]; rf_batch_run [curl options for each]:
# the status codes in ${rf_codes[@]}, the bodies in $rf_dir/batch.out.N.
rf_batch=()
rf_batch_n=0
rf_batch_add() {
	local i=$rf_batch_n
	[ $i = 0 ] || rf_batch+=(--next)
	rf_batch+=(-X "$1" "$rf_url$2" -o "$rf_dir/batch.out.$i")
	if [ $# -ge 3 ]; then
		printf '%s' "$3" >"$rf_dir/batch.in.$i"
		rf_batch+=(--data-binary "@$rf_dir/batch.in.$i")
	fi
	rf_batch_n=$((i + 1))
}
rf_batch_run() {
	local args=() a
	# every transfer gets the common options: insert them after each --next
	args=(-sk -w '%{http_code}\n' "$@")
	for a in "${rf_batch[@]}"; do
		args+=("$a")
		[ "$a" = --next ] && args+=(-sk -w '%{http_code}\n' "$@")
	done
	# (a file, not <(...): the test VM has no /dev/fd)
	curl "${args[@]}" >"$rf_dir/batch.codes"
	mapfile -t rf_codes <"$rf_dir/batch.codes"
	rf_batch=()
	rf_batch_n=0
}
# The MessageIds of the batch's answers, one line each, in order
rf_batch_msgids() {
	local i
	for i in $(seq 0 $((${#rf_codes[@]} - 1))); do
		printf '%s\n' "$rf_dir/batch.out.$i"
	done | xargs jq -r '.error["@Message.ExtendedInfo"][0].MessageId // "none"' |
		sed 's/^Base\.[0-9]*\.[0-9]*\.//'
}

# A certificate as rf_certs makes, that also names 127.0.0.1 and localhost
# (subjectAltName): a client that verifies the service against it as its
# CA ($rf_dir/cert.pem) accepts https://127.0.0.1.
rf_certs_san() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$rf_dir/key.pem" -out "$rf_dir/cert.pem" -days 2 \
		-subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost 2>/dev/null
}

# ---- Server-Sent Events ------------------------------------------------
# rf_sse_start [curl options]: open the service's SSE stream in the
# background (curl -N); the stream goes to $rf_dir/sse, its headers to
# $rf_dir/sse.hdr; $rf_sse_pid is curl's.
rf_sse_start() {
	: >"$rf_dir/sse"
	: >"$rf_dir/sse.hdr"
	curl -sk -N -D "$rf_dir/sse.hdr" "$@" "$rf_url/redfish/v1/EventService/SSE" \
		>"$rf_dir/sse" 2>/dev/null &
	rf_sse_pid=$!
}

# rf_sse_started [tenths]: until the stream's headers have come (default
# 20 s); 0 if they say 200 and text/event-stream.
rf_sse_started() {
	local i
	for i in $(seq "${1:-200}"); do
		grep -q $'^\r$' "$rf_dir/sse.hdr" 2>/dev/null && break
		kill -0 "$rf_sse_pid" 2>/dev/null || break
		sleep 0.1
	done
	head -n1 "$rf_dir/sse.hdr" | grep -q '^HTTP/[0-9.]* 200' &&
		grep -qi '^content-type: *text/event-stream' "$rf_dir/sse.hdr"
}

rf_sse_stop() {
	[ -n "${rf_sse_pid:-}" ] || return 0
	kill "$rf_sse_pid" 2>/dev/null
	wait "$rf_sse_pid" 2>/dev/null
	rf_sse_pid=
}

# The Events received so far, one JSON line each
rf_sse_events() {
	sed -n 's/^data: //p' "$rf_dir/sse"
}

# How many Events the stream has received: a mark for rf_sse_wait
rf_sse_count() {
	grep -c '^data: ' "$rf_dir/sse"
}

# rf_sse_wait MARK STRING...: until each STRING is in some Event after the
# MARK-th (fixed strings; the daemon's JSON has no spaces), at most 10 s;
# 1 if one never came.  One awk a try: a jq start is costly under TCG.
rf_sse_wait() {
	local mark=$1 i
	shift
	for i in $(seq 50); do
		awk -v m="$mark" -v want="$(printf '%s\n' "$@")" '
			BEGIN { n = split(want, w, "\n") }
			/^data: / && ++k > m { for (i = 1; i <= n; i++) if (index($0, w[i])) got[i] = 1 }
			END { for (i = 1; i <= n; i++) if (!got[i]) exit 1 }' "$rf_dir/sse" && return 0
		sleep 0.2
	done
	return 1
}
