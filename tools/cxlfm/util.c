// SPDX-License-Identifier: GPL-2.0
/*
 * cxlfm CLI: option parsing shared by every verb, error messages and JSON
 * helpers.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cxlfm.h"

int human;
int numeric;
int verbose;
int completing;

int usage_err(const char *verb, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "cxlfm: %s: ", verb);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see cxlfm %s --help)\n", verb);
	return 2;
}

/* A number from 0 to @max, decimal or 0x-prefixed; else a usage error. */
int parse_num(const char *verb, const char *what, const char *s,
	      uint64_t max, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	if (errno || *end || end == s || *s == '-' || *v > max) {
		usage_err(verb, "bad number '%s' for %s (0-%llu)", s, what,
			  (unsigned long long)max);
		return -EINVAL;
	}
	return 0;
}

int parse_hex(const char *s, unsigned char *out, size_t cap, size_t *len)
{
	size_t n = strlen(s), i;
	unsigned int b;

	if (n % 2 || n / 2 > cap)
		return -EINVAL;
	for (i = 0; i < n / 2; i++) {
		if (!strchr("0123456789abcdefABCDEF", s[2 * i]) ||
		    !strchr("0123456789abcdefABCDEF", s[2 * i + 1]) ||
		    sscanf(s + 2 * i, "%2x", &b) != 1)
			return -EINVAL;
		out[i] = b;
	}
	*len = n / 2;
	return 0;
}

/* A comma-separated list of bandwidth fractions (each /256). */
static int parse_fractions(const char *verb, const char *what, const char *s,
			   uint8_t *out, unsigned int *nr)
{
	char buf[256], *tok, *save;
	uint64_t v;

	snprintf(buf, sizeof(buf), "%s", s);
	*nr = 0;
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (*nr == CXLFM_FM_MAX_LDS) {
			usage_err(verb, "%s takes at most %d values", what,
				  CXLFM_FM_MAX_LDS);
			return -EINVAL;
		}
		if (parse_num(verb, what, tok, 255, &v))
			return -EINVAL;
		out[(*nr)++] = v;
	}
	if (!*nr) {
		usage_err(verb, "%s needs a list of values", what);
		return -EINVAL;
	}
	return 0;
}

static int parse_extent(const char *verb, const char *s, struct opts *o)
{
	char buf[64], *colon;
	struct cxlfm_fm_dc_extent *e;
	uint64_t dpa, len;

	if (o->nr_ext == OPT_MAX_EXTENTS) {
		usage_err(verb, "at most %d --extent", OPT_MAX_EXTENTS);
		return -EINVAL;
	}
	snprintf(buf, sizeof(buf), "%s", s);
	colon = strchr(buf, ':');
	if (!colon) {
		usage_err(verb, "--extent takes DPA:LENGTH, not '%s'", s);
		return -EINVAL;
	}
	*colon = '\0';
	e = &o->ext[o->nr_ext];
	memset(e, 0, sizeof(*e));
	if (parse_num(verb, "--extent DPA", buf, UINT64_MAX, &dpa) ||
	    parse_num(verb, "--extent LENGTH", colon + 1, UINT64_MAX, &len))
		return -EINVAL;
	e->dpa = dpa;
	e->length = len;
	o->nr_ext++;
	return 0;
}

/* Index of @s in the NULL-terminated @names, or a usage error. */
static int parse_name(const char *verb, const char *what, const char *s,
		      const char *const *names)
{
	int i;

	for (i = 0; names[i]; i++)
		if (!strcmp(s, names[i]))
			return i;
	usage_err(verb, "unknown %s '%s'", what, s);
	return -EINVAL;
}

enum {
	L_VCS = 256, L_VPPB, L_LD, L_POOL, L_WAIT, L_MODE, L_RANGE1, L_RANGE2,
	L_CEL, L_DOT, L_HOST, L_REGION, L_LENGTH, L_POLICY, L_EXTENT, L_TAG,
	L_FORCED, L_SANITIZE, L_ALLOC_BW, L_BW_LIMIT, L_CHANGE, L_TIMEOUT,
	L_JSON, L_FORCE,
	L_QOS,	/* L_QOS + Q_* */
};

static const struct option long_opts[] = {
	{ "switch", required_argument, NULL, 's' },
	{ "port", required_argument, NULL, 'p' },
	{ "human", no_argument, NULL, 'u' },
	{ "numeric", no_argument, NULL, 'n' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "vcs", required_argument, NULL, L_VCS },
	{ "vppb", required_argument, NULL, L_VPPB },
	{ "ld", required_argument, NULL, L_LD },
	{ "pool", no_argument, NULL, L_POOL },
	{ "wait", no_argument, NULL, L_WAIT },
	{ "mode", required_argument, NULL, L_MODE },
	{ "range1", required_argument, NULL, L_RANGE1 },
	{ "range2", required_argument, NULL, L_RANGE2 },
	{ "cel", no_argument, NULL, L_CEL },
	{ "dot", no_argument, NULL, L_DOT },
	{ "json", no_argument, NULL, L_JSON },
	{ "host", required_argument, NULL, L_HOST },
	{ "region", required_argument, NULL, L_REGION },
	{ "length", required_argument, NULL, L_LENGTH },
	{ "policy", required_argument, NULL, L_POLICY },
	{ "extent", required_argument, NULL, L_EXTENT },
	{ "tag", required_argument, NULL, L_TAG },
	{ "forced", no_argument, NULL, L_FORCED },
	{ "force", no_argument, NULL, L_FORCE },
	{ "sanitize", no_argument, NULL, L_SANITIZE },
	{ "alloc-bw", required_argument, NULL, L_ALLOC_BW },
	{ "bw-limit", required_argument, NULL, L_BW_LIMIT },
	{ "change", required_argument, NULL, L_CHANGE },
	{ "timeout", required_argument, NULL, L_TIMEOUT },
	{ "egress-cong", required_argument, NULL, L_QOS + Q_EGRESS_CONG },
	{ "temp-tput", required_argument, NULL, L_QOS + Q_TEMP_TPUT },
	{ "moderate", required_argument, NULL, L_QOS + Q_MODERATE },
	{ "severe", required_argument, NULL, L_QOS + Q_SEVERE },
	{ "sample-interval", required_argument, NULL, L_QOS + Q_SAMPLE },
	{ "reqcmp-basis", required_argument, NULL, L_QOS + Q_REQCMP },
	{ "completion-interval", required_argument, NULL, L_QOS + Q_COMPLETION },
	{ }
};

/* The O_* bit of each option value. */
static unsigned int opt_bit(int c)
{
	switch (c) {
	case 's': return O_SWITCH;
	case 'p': return O_PORT;
	case L_VCS: return O_VCS;
	case L_VPPB: return O_VPPB;
	case L_LD: return O_LD;
	case L_POOL: return O_POOL;
	case L_WAIT: return O_WAIT;
	case L_MODE: return O_MODE;
	case L_RANGE1: return O_RANGE1;
	case L_RANGE2: return O_RANGE2;
	case L_CEL: return O_CEL;
	case L_DOT: return O_DOT;
	case L_JSON: return O_JSON;
	case L_HOST: return O_HOST;
	case L_REGION: return O_REGION;
	case L_LENGTH: return O_LENGTH;
	case L_POLICY: return O_POLICY;
	case L_EXTENT: return O_EXTENT;
	case L_TAG: return O_TAG;
	case L_FORCED: return O_FORCED;
	case L_SANITIZE: return O_SANITIZE;
	case L_ALLOC_BW: return O_ALLOC_BW;
	case L_BW_LIMIT: return O_BW_LIMIT;
	case L_CHANGE: return O_CHANGE;
	case L_TIMEOUT: return O_TIMEOUT;
	case L_FORCE: return O_FORCE;
	default: return c >= L_QOS && c < L_QOS + Q__NR ? O_QOS_CTRL : 0;
	}
}

static const char *const unbind_modes[] = { "wait", "managed", "surprise", NULL };
static const char *const changes[] = {
	"", "bind", "unbind", "link-up", "link-down", NULL,
};
static const char *const on_off[] = { "off", "on", NULL };

/* Add Capacity policies, CXL r3.2 Table 7-82 */
const char *const dc_add_policies[] = {
	[CXLFM_FM_DC_ADD_FREE] = "free", [CXLFM_FM_DC_ADD_CONTIGUOUS] = "contiguous",
	[CXLFM_FM_DC_ADD_PRESCRIPTIVE] = "prescriptive",
	[CXLFM_FM_DC_ADD_SHARED] = "shared", NULL,
};
/* Release Capacity policies, CXL r3.2 Table 7-84 */
const char *const dc_release_policies[] = {
	[CXLFM_FM_DC_RELEASE_TAG] = "tag",
	[CXLFM_FM_DC_RELEASE_PRESCRIPTIVE] = "prescriptive", NULL,
};
/* enum cxlfm_inband_policy, as sysfs inband_policy writes them */
const char *const inband_policies[] = {
	[CXLFM_INBAND_POLICY_AUTO] = "auto",
	[CXLFM_INBAND_POLICY_NOTIFY] = "notify",
	[CXLFM_INBAND_POLICY_OFF] = "off",
	[CXLFM_INBAND_POLICY_FORCE] = "force",
	[CXLFM_INBAND_POLICY_REMOTE] = "remote", NULL,
};
/* Physical Port Control operations, CXL r3.2 Table 7-22 */
const char *const port_ops[] = {
	[CXLFM_FM_PORT_OP_ASSERT_PERST] = "perst-assert",
	[CXLFM_FM_PORT_OP_DEASSERT_PERST] = "perst-deassert",
	[CXLFM_FM_PORT_OP_RESET_PPB] = "reset", NULL,
};

/* The words of the verbs that take them: --policy NAME, a positional. */
static const struct {
	const char *verb;
	const char *const *policy;
	const char *const *args;
} verb_words[] = {
	{ "dcd add", dc_add_policies, NULL },
	{ "dcd release", dc_release_policies, NULL },
	{ "inband set", inband_policies, NULL },
	{ "port control", NULL, port_ops },
};

/* The names --policy takes for @verb ("dcd add"), NULL-terminated. */
const char *const *policy_names(const char *verb)
{
	unsigned int i;

	for (i = 0; i < sizeof(verb_words) / sizeof(verb_words[0]); i++)
		if (!strcmp(verb, verb_words[i].verb))
			return verb_words[i].policy;
	return NULL;
}

/* The words @verb takes as its positional argument, if it takes words. */
const char *const *verb_args(const char *verb)
{
	unsigned int i;

	for (i = 0; i < sizeof(verb_words) / sizeof(verb_words[0]); i++)
		if (!strcmp(verb, verb_words[i].verb))
			return verb_words[i].args;
	return NULL;
}

static void put_names(const char *const *names)
{
	for (; names && *names; names++)
		if (**names)
			puts(*names);
}

/* NAMES joined by '|', for help and error messages */
static const char *names_text(const char *const *names, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (; names && *names && n < len; names++)
		if (**names)
			n += snprintf(buf + n, len - n, "%s%s", n ? "|" : "", *names);
	return buf;
}

/* What an option's value looks like, for help and error messages. */
static const char *opt_arg(int c)
{
	switch (c) {
	case 's': return "ID";
	case 'p': return "PORT";
	case L_MODE: return "wait|managed|surprise";
	case L_LENGTH: return "BYTES";
	case L_POLICY: return "NAME";
	case L_EXTENT: return "DPA:LEN";
	case L_TAG: return "HEX32";
	case L_ALLOC_BW: case L_BW_LIMIT: return "F,F,...";
	case L_CHANGE: return "bind|unbind|link-up|link-down";
	case L_TIMEOUT: return "MS";
	case L_QOS + Q_EGRESS_CONG: case L_QOS + Q_TEMP_TPUT: return "on|off";
	case L_QOS + Q_MODERATE: case L_QOS + Q_SEVERE: return "PCT";
	default: return "N";
	}
}

/*
 * An option as a user writes it: "-s ID", "--vcs N", "--wait"; with
 * @both, an option that has a short form names its long one too.
 */
static void opt_usage(char *buf, size_t size, const struct option *opt,
		      bool both)
{
	const char *arg = opt->has_arg ? opt_arg(opt->val) : "";
	const char *sep = opt->has_arg ? " " : "";

	if (opt->val == 's' || opt->val == 'p')
		snprintf(buf, size, "-%c%s%s%s%s", opt->val, both ? ", --" : "",
			 both ? opt->name : "", sep, arg);
	else
		snprintf(buf, size, "--%s%s%s", opt->name, sep, arg);
}

/*
 * VERB --help: the options @allowed, one a line, and the words the verb
 * takes.  For cxlfm __complete: only their names, one a line.
 */
static void opts_help(const char *verb, unsigned int allowed)
{
	const char *const *words = verb_args(verb);
	const struct option *opt;
	char name[64], names[128];

	if (!completing)
		printf("options of %s:\n", verb);
	for (opt = long_opts; opt->name; opt++) {
		if (!(opt_bit(opt->val) & allowed))
			continue;
		if (completing) {
			if (opt->val == 's' || opt->val == 'p')
				printf("-%c\n", opt->val);
			printf("--%s\n", opt->name);
			continue;
		}
		opt_usage(name, sizeof(name), opt, true);
		if (opt->val == L_POLICY)
			snprintf(name, sizeof(name), "--policy %s",
				 names_text(policy_names(verb), names, sizeof(names)));
		printf("  %s\n", name);
	}
	if (completing) {
		put_names(words);
		puts("-u\n--human\n-n\n--numeric\n-v\n--verbose\n-h\n--help");
		return;
	}
	if (words)
		printf("  %s (the operation)\n", names_text(words, names, sizeof(names)));
	printf("  -u, -n, -v (global, also before the verb)\n");
}

/* QoS Control fields: their wire maximum (CXL r3.2 Table 7-75). */
static const uint32_t qos_max[Q__NR] = {
	[Q_EGRESS_CONG] = 1, [Q_TEMP_TPUT] = 1, [Q_MODERATE] = 100,
	[Q_SEVERE] = 100, [Q_SAMPLE] = 15, [Q_REQCMP] = 0xffff,
	[Q_COMPLETION] = 255,
};

/* Wire maximum of a numeric option; 0 if the option is not a number. */
static uint64_t num_max(int c)
{
	switch (c) {
	case 's': return UINT32_MAX;
	case 'p': case L_VCS: case L_VPPB: return 255;
	case L_LD: return 0xfffe;
	case L_HOST: return 0xffff;
	case L_REGION: return CXLFM_FM_DC_MAX_REGIONS - 1;
	case L_TIMEOUT: return 600000;
	case L_RANGE1: case L_RANGE2: case L_LENGTH: return UINT64_MAX;
	default: return 0;
	}
}

static int opt_value(const char *verb, int c, const char *name, struct opts *o)
{
	uint64_t v = 0;
	size_t n;
	int i;

	if (num_max(c) && parse_num(verb, name, optarg, num_max(c), &v))
		return -EINVAL;
	switch (c) {
	case 's': o->sw = v; return 0;
	case 'p': o->port = v; return 0;
	case L_VCS: o->vcs = v; return 0;
	case L_VPPB: o->vppb = v; return 0;
	case L_LD: o->ld = v; return 0;
	case L_HOST: o->host = v; return 0;
	case L_REGION: o->region = v; return 0;
	case L_TIMEOUT: o->timeout_ms = v; return 0;
	case L_RANGE1: o->range1 = v; return 0;
	case L_RANGE2: o->range2 = v; return 0;
	case L_LENGTH: o->length = v; return 0;
	case L_MODE:
		i = parse_name(verb, name, optarg, unbind_modes);
		if (i < 0)
			return i;
		o->mode = i;
		return 0;
	case L_CHANGE:
		i = parse_name(verb, name, optarg, changes);
		if (i <= 0)
			return -EINVAL;
		o->change = i;
		return 0;
	case L_POLICY:
		i = parse_name(verb, name, optarg, policy_names(verb));
		if (i < 0)
			return i;
		o->policy = i;
		return 0;
	case L_EXTENT:
		return parse_extent(verb, optarg, o);
	case L_TAG:
		if (!parse_hex(optarg, o->tag, sizeof(o->tag), &n) && n == 16)
			return 0;
		usage_err(verb, "--tag takes 32 hex digits, not '%s'", optarg);
		return -EINVAL;
	case L_ALLOC_BW:
		return parse_fractions(verb, name, optarg, o->alloc_bw,
				       &o->nr_alloc_bw);
	case L_BW_LIMIT:
		return parse_fractions(verb, name, optarg, o->bw_limit,
				       &o->nr_bw_limit);
	}
	if (c >= L_QOS && c < L_QOS + Q__NR) {
		c -= L_QOS;
		if (qos_max[c] == 1) {
			i = parse_name(verb, name, optarg, on_off);
			if (i < 0)
				return i;
			v = i;
		} else if (parse_num(verb, name, optarg, qos_max[c], &v)) {
			return -EINVAL;
		}
		o->qos[c] = v;
		o->qos_given |= 1u << c;
	}
	return 0;
}

/*
 * Parse a verb's options into @o.  Options outside @allowed are refused by
 * name; -u and -v are taken everywhere.  Return: 0, or 2 after printing the
 * problem.
 */
int opts_parse(const char *verb, int argc, char **argv, unsigned int allowed,
	       struct opts *o)
{
	char name[40];
	int c, idx;

	memset(o, 0, sizeof(*o));
	o->timeout_ms = 60000;
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":s:p:unvh", long_opts, &idx)) != -1) {
		if (c == '?')
			return optopt ?
			       usage_err(verb, "unknown option '-%c'", optopt) :
			       usage_err(verb, "unknown option '%s'", argv[optind - 1]);
		if (c == ':')
			return usage_err(verb, "option '%s' needs a value",
					 argv[optind - 1]);
		if (c == 'u') {
			human = 1;
			continue;
		}
		if (c == 'n') {
			numeric = 1;
			continue;
		}
		if (c == 'v') {
			verbose++;
			continue;
		}
		if (c == 'h') {
			/* nothing is open yet: a verb opens after its arguments */
			opts_help(verb, allowed);
			exit(0);
		}
		if (c == 's' || c == 'p')
			snprintf(name, sizeof(name), "-%c", c);
		else
			snprintf(name, sizeof(name), "--%s", long_opts[idx].name);
		if (!(opt_bit(c) & allowed))
			return usage_err(verb, "option '%s' does not apply here", name);
		if (opt_value(verb, c, name, o))
			return 2;
		o->given |= opt_bit(c);
	}
	if ((o->given & O_TIMEOUT) && !(o->given & O_WAIT))
		return usage_err(verb, "--timeout bounds --wait: give both");
	o->first_arg = optind;
	return 0;
}

/*
 * The one positional argument of a verb that takes a word of verb_args():
 * its index into @o->arg, or a usage error naming the words.
 */
int opts_one_arg(const char *verb, int argc, char **argv, struct opts *o)
{
	const char *const *words = verb_args(verb);
	char names[128];
	int i;

	names_text(words, names, sizeof(names));
	if (o->first_arg != argc - 1)
		return usage_err(verb, "needs one of %s", names);
	for (i = 0; words[i]; i++)
		if (!strcmp(argv[o->first_arg], words[i]))
			break;
	if (!words[i])
		return usage_err(verb, "unknown operation '%s' (%s)",
				 argv[o->first_arg], names);
	o->arg = i;
	return 0;
}

/*
 * A destructive operation, described by @fmt: done with --force; without
 * it confirmed on the terminal, or refused when stdin is none (a script
 * says --force).  Return: 0 to go on, or the exit status.
 */
int confirm(const char *verb, const struct opts *o, const char *fmt, ...)
{
	char what[160], line[16];
	va_list ap;

	if (o->given & O_FORCE)
		return 0;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (!isatty(STDIN_FILENO))
		return usage_err(verb, "%s: give --force (no terminal to confirm on)",
				 what);
	fprintf(stderr, "cxlfm: %s: %s. Go on? [y/N] ", verb, what);
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin) ||
	    (strcmp(line, "y\n") && strcmp(line, "yes\n"))) {
		fprintf(stderr, "cxlfm: %s: not confirmed: nothing done\n", verb);
		return 1;
	}
	return 0;
}

/* Whether @opt, as typed, takes a value (an option of events' too). */
bool opt_takes_value(const char *opt)
{
	const struct option *o;

	if (!strcmp(opt, "-s") || !strcmp(opt, "-p") || !strcmp(opt, "-j") ||
	    !strcmp(opt, "--journal") || !strcmp(opt, "--since") ||
	    !strcmp(opt, "--after") || !strcmp(opt, "--cursor"))
		return true;
	if (strncmp(opt, "--", 2) || strchr(opt, '='))
		return false;
	for (o = long_opts; o->name; o++)
		if (!strcmp(opt + 2, o->name))
			return o->has_arg;
	return false;
}

/*
 * The CCI ids, from sysfs: cheap, no root, no module needed.
 * CXLFM_SYSFS_ROOT stands for /sys in the completion's test.
 */
static void put_ccis(void)
{
	const char *root = getenv("CXLFM_SYSFS_ROOT");
	char path[4096];
	struct dirent *d;
	unsigned int id;
	char end;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/class/cxlfm", root ? root : "/sys");
	dir = opendir(path);
	if (!dir)
		return;
	while ((d = readdir(dir)))
		if (sscanf(d->d_name, "cxlfm%u%c", &id, &end) == 1)
			printf("%u\n", id);
	closedir(dir);
}

/*
 * cxlfm __complete: the values option @opt of @verb takes ("@files" for a
 * path).  Return: whether @opt takes a value (then nothing else fits).
 */
bool complete_value(const char *verb, const char *opt)
{
	const struct option *o;
	int c = 0;

	if (!opt_takes_value(opt))
		return false;
	if (!strcmp(opt, "-j") || !strcmp(opt, "--journal") ||
	    !strcmp(opt, "--cursor")) {
		puts("@files");
		return true;
	}
	if (opt[1] != '-') {
		c = opt[1];
	} else {
		for (o = long_opts; o->name && strcmp(opt + 2, o->name); o++)
			;
		c = o->val;
	}
	if (c == 's')
		put_ccis();
	else if (c == L_MODE)
		put_names(unbind_modes);
	else if (c == L_CHANGE)
		put_names(changes);
	else if (c == L_POLICY)
		put_names(policy_names(verb));
	else if (c == L_QOS + Q_EGRESS_CONG || c == L_QOS + Q_TEMP_TPUT)
		put_names(on_off);
	return true;
}

/* Each option in @need must have been given; else name the first missing. */
int opts_need(const char *verb, const struct opts *o, unsigned int need)
{
	unsigned int missing = need & ~o->given;
	const struct option *opt;
	char name[64];

	if (!missing)
		return 0;
	if (missing & O_QOS_CTRL)
		return usage_err(verb, "missing a QoS setting");
	/* every O_* bit but the QoS one is one option of long_opts */
	for (opt = long_opts; opt->name && !(opt_bit(opt->val) & missing); opt++)
		;
	opt_usage(name, sizeof(name), opt, false);
	return usage_err(verb, "missing %s", name);
}

/* The switch, or a component behind -p (and --ld or --pool) by tunnel. */
struct cxlfm_target opts_target(const struct opts *o)
{
	struct cxlfm_target t = CXLFM_TARGET(o->sw);

	if (o->given & O_PORT)
		t.tunnel_port = o->port;
	if (o->given & O_LD)
		t.tunnel_ld = o->ld;
	t.ld_pool = o->given & O_POOL;
	return t;
}

/*
 * Print one device behind -s and -p: an object that names the switch and
 * port, then holds what @read put in it.  A failed read is reported as
 * @what's.
 */
int print_device(struct cxlfm_ctx *ctx, const char *what,
		 const struct cxlfm_target *t, const struct opts *o,
		 device_reader read)
{
	struct json_object *out = json_object_new_object();
	int rc;

	jcci(out, o->sw);
	jint(out, "port", o->port);
	rc = read(ctx, t, o, out);
	if (rc) {
		json_object_put(out);
		return fail(ctx, what, rc);
	}
	print_json(out);
	return 0;
}

/* A verb that reads one device behind -s and -p and prints it. */
int show_device(const char *verb, int argc, char **argv, unsigned int allowed,
		device_reader read)
{
	struct cxlfm_ctx *ctx;
	struct cxlfm_target t;
	struct opts o;
	int rc;

	rc = opts_parse(verb, argc, argv, allowed, &o);
	if (rc || (rc = opts_need(verb, &o, O_SWITCH | O_PORT)))
		return rc;
	if (o.first_arg < argc)
		return usage_err(verb, "unexpected argument '%s'", argv[o.first_arg]);
	ctx = cli_open();
	if (!ctx)
		return 1;
	t = opts_target(&o);
	return print_device(ctx, verb, &t, &o, read);
}

int run_subcmd(const char *verb, const struct subcmd *subs, int argc,
	       char **argv)
{
	const struct subcmd *s;

	if (completing && argc >= 2 && argv[1][0] == '-') {
		for (s = subs; s->name; s++)
			puts(s->name);
		return 0;
	}
	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("sub-commands of %s:", verb);
		for (s = subs; s->name; s++)
			printf(" %s", s->name);
		printf(" (cxlfm %s SUB-COMMAND --help: its options)\n", verb);
		return 0;
	}
	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, "cxlfm: %s: missing sub-command:", verb);
		for (s = subs; s->name; s++)
			fprintf(stderr, " %s", s->name);
		fputc('\n', stderr);
		return 2;
	}
	for (s = subs; s->name; s++)
		if (!strcmp(s->name, argv[1]))
			return s->fn(argc - 1, argv + 1);
	return usage_err(verb, "unknown sub-command '%s'", argv[1]);
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/*
 * A failed library call: errno text, the kernel's extack message and, when
 * the device refused the command, its CXL return code by name.
 */
int fail(struct cxlfm_ctx *ctx, const char *what, int rc)
{
	const char *ext = ctx ? cxlfm_last_error(ctx) : "";
	uint16_t code = ctx ? cxlfm_last_return_code(ctx) : 0;

	fprintf(stderr, "cxlfm: %s: %s%s%s", what, strerror(-rc),
		*ext ? ": " : "", ext);
	if (code)
		fprintf(stderr, "; the device answered %s (%#x): %s",
			cxlfm_rc_name(code), code, cxlfm_rc_desc(code));
	fputc('\n', stderr);
	return 1;
}

/* A background command that finished with an error. */
int bg_fail(const char *what, const struct cxlfm_fm_bg_op_status_rsp *st)
{
	fprintf(stderr, "cxlfm: %s: the background operation failed: the device answered %s (%#x): %s\n",
		what, cxlfm_rc_name(st->return_code), st->return_code,
		cxlfm_rc_desc(st->return_code));
	return 1;
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */
/* ------------------------------------------------------------------ */

/* One document; with -u pretty-printed. */
void print_json(struct json_object *o)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE;

	flags |= human ? JSON_C_TO_STRING_PRETTY : JSON_C_TO_STRING_PLAIN;
	puts(json_object_to_json_string_ext(o, flags));
	fflush(stdout);
	json_object_put(o);
}

/* One object of a stream (monitor): on one line, whatever the flags. */
void print_json_line(struct json_object *o)
{
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
					    JSON_C_TO_STRING_NOSLASHESCAPE));
	fflush(stdout);
	json_object_put(o);
}

void jint(struct json_object *o, const char *key, int64_t v)
{
	json_object_object_add(o, key, json_object_new_int64(v));
}

void jstr(struct json_object *o, const char *key, const char *v)
{
	json_object_object_add(o, key, json_object_new_string(v));
}

void jbool(struct json_object *o, const char *key, bool v)
{
	json_object_object_add(o, key, json_object_new_boolean(v));
}

/* The CCI's id: "cci" in every object that names one. */
void jcci(struct json_object *o, unsigned int id)
{
	jint(o, "cci", id);
}

/* A CXL return code: its codec name; with -n the specification's number. */
void jrc(struct json_object *o, const char *key, uint16_t rc)
{
	if (numeric)
		jint(o, key, rc);
	else
		jstr(o, key, cxlfm_rc_name(rc));
}

/* An event log: info, warn, fail, fatal, dcd; with -n its number. */
void jlog(struct json_object *o, uint8_t log)
{
	jenum(o, "log", CXLFM_FM_ENUM_EVENT_LOG, log);
}

/* A bit vector: the names of the bits set; with -n the number. */
void jnames(struct json_object *o, const char *key, uint32_t v,
	    const char *const *names, unsigned int nr)
{
	struct json_object *a;
	char buf[24];
	unsigned int b;

	if (numeric) {
		jint(o, key, v);
		return;
	}
	a = json_object_new_array();
	for (b = 0; b < 32; b++) {
		if (!(v & (1u << b)))
			continue;
		snprintf(buf, sizeof(buf), "reserved_%u", b);
		json_object_array_add(a, json_object_new_string(
			b < nr && names[b] ? names[b] : buf));
	}
	json_object_object_add(o, key, a);
}

const char *enum_name(enum cxlfm_fm_enum e, uint32_t v, char *buf,
		      size_t len)
{
	const char *n = cxlfm_enum_name(e, v);

	if (n)
		return n;
	snprintf(buf, len, "reserved_%#x", v);
	return buf;
}

/* The codec's name of the value; with -n the specification's number. */
void jenum(struct json_object *o, const char *key, enum cxlfm_fm_enum e,
	   uint32_t v)
{
	char buf[24];

	if (numeric)
		jint(o, key, v);
	else
		jstr(o, key, enum_name(e, v, buf, sizeof(buf)));
}

/* Bytes; with -u in the largest binary unit that keeps it readable. */
void jsize(struct json_object *o, const char *key, uint64_t bytes)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	unsigned int u = 0;
	char buf[32];
	double v = bytes;

	if (!human) {
		jint(o, key, bytes);
		return;
	}
	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	if (v == (uint64_t)v)
		snprintf(buf, sizeof(buf), "%llu %s", (unsigned long long)v, unit[u]);
	else
		snprintf(buf, sizeof(buf), "%.2f %s", v, unit[u]);
	jstr(o, key, buf);
}

void jhex(struct json_object *o, const char *key, const uint8_t *b, size_t n)
{
	char buf[2 * 64 + 1];
	size_t i;

	for (i = 0; i < n && i < 64; i++)
		sprintf(buf + 2 * i, "%02x", b[i]);
	buf[2 * i] = '\0';
	jstr(o, key, buf);
}

static const char *const event_kind_names[] = {
	[CXLFM_EVENT_KIND_UNKNOWN] = "unknown",
	[CXLFM_EVENT_KIND_GENERAL_MEDIA] = "general-media",
	[CXLFM_EVENT_KIND_DRAM] = "dram",
	[CXLFM_EVENT_KIND_MEMORY_MODULE] = "memory-module",
	[CXLFM_EVENT_KIND_MEMORY_SPARING] = "memory-sparing",
	[CXLFM_EVENT_KIND_PHYSICAL_SWITCH] = "physical-switch",
	[CXLFM_EVENT_KIND_VIRTUAL_SWITCH] = "virtual-switch",
	[CXLFM_EVENT_KIND_MLD_PORT] = "mld-port",
	[CXLFM_EVENT_KIND_DYNAMIC_CAPACITY] = "dynamic-capacity",
};

/* An event record's kind and fields, as monitor and events print them. */
void event_record_json(struct json_object *o,
		       const struct cxlfm_event_record *r)
{
	jstr(o, "kind", r->kind < sizeof(event_kind_names) /
			sizeof(event_kind_names[0]) ?
	     event_kind_names[r->kind] : "unknown");
	jint(o, "handle", r->handle);
	jint(o, "flags", r->flags);
	jint(o, "timestamp", r->timestamp);
	switch (r->kind) {
	case CXLFM_EVENT_KIND_PHYSICAL_SWITCH:
	case CXLFM_EVENT_KIND_MLD_PORT:
		jint(o, "type", r->type);
		jint(o, "port", r->port_id);
		break;
	case CXLFM_EVENT_KIND_VIRTUAL_SWITCH:
		jint(o, "type", r->type);
		jint(o, "vcs", r->vcs_id);
		jint(o, "vppb", r->vppb_id);
		jenum(o, "binding_status", CXLFM_FM_ENUM_VPPB_STATUS,
		      r->binding_status);
		jint(o, "bound_port", r->bound_port_id);
		jint(o, "bound_ld", r->bound_ld_id);
		break;
	}
}

static const char *const change_names[] = {
	[CXLFM_FABRIC_CHANGE_BIND] = "bind",
	[CXLFM_FABRIC_CHANGE_UNBIND] = "unbind",
	[CXLFM_FABRIC_CHANGE_LINK_UP] = "link-up",
	[CXLFM_FABRIC_CHANGE_LINK_DOWN] = "link-down",
	[CXLFM_FABRIC_CHANGE_BINDING_OTHER] = "binding-other",
	[CXLFM_FABRIC_CHANGE_LINK_OTHER] = "link-other",
};

static const char *const action_names[] = {
	[CXLFM_FABRIC_ACTION_NONE] = "none",
	[CXLFM_FABRIC_ACTION_NOTIFIED] = "notified",
	[CXLFM_FABRIC_ACTION_REMOVED] = "removed",
	[CXLFM_FABRIC_ACTION_RESCANNED] = "rescanned",
};

/*
 * Why the host only notified (enum cxlfm_inband_reason), in the words of
 * sysfs inband_effective.
 */
static const char *const reason_names[] = {
	[CXLFM_INBAND_REASON_NO_USP] = "no-usp",
	[CXLFM_INBAND_REASON_NO_VCS_INFO] = "no-vcs-info",
	[CXLFM_INBAND_REASON_NO_HOST_VCS] = "no-host-vcs",
};

#define NAME(tbl, i) \
	((size_t)(i) < sizeof(tbl) / sizeof((tbl)[0]) && (tbl)[i] ? (tbl)[i] : "unknown")

/* A fabric change under a vPPB and what the host did about it. */
void hierarchy_json(struct json_object *o, const struct cxlfm_event *e)
{
	const struct cxlfm_hierarchy_change *h = &e->hierarchy;

	jcci(o, e->cci.id);
	jstr(o, "change", NAME(change_names, h->change));
	jstr(o, "source", h->source == CXLFM_FABRIC_SOURCE_REPORT ? "report" : "event");
	jint(o, "vcs", h->vcs_id);
	if (h->has_vppb)
		jint(o, "vppb", h->vppb_id);
	jstr(o, "action", NAME(action_names, h->action));
	if (h->pci_dev[0])
		jstr(o, "pci_dev", h->pci_dev);
	if (h->reason)
		jstr(o, "reason", NAME(reason_names, h->reason));
}

/* The end of a background command. */
void bg_json(struct json_object *o, const struct cxlfm_event *e)
{
	const char *c = cxlfm_opcode_name(e->bg.opcode);

	jcci(o, e->cci.id);
	jint(o, "opcode", e->bg.opcode);
	if (c)
		jstr(o, "command", c);
	jrc(o, "return_code", e->bg.return_code);
}
