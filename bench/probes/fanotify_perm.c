/*
 * fanotify_perm: what a real fanotify permission event adds to an open(2) on this host.
 *
 *   fanotify_perm BATCH_MS PAIRS [free|same|split]
 *
 * Times open(O_RDONLY) + close of a small file in a fresh temporary directory, in batches of BATCH_MS
 * milliseconds, alternating a batch without a listener ("plain") and one with a FAN_OPEN_PERM mark on
 * the file ("perm"), PAIRS times, so that drift on the host hits both alike. The listener is a thread of
 * this process that blocks in read(2) on the fanotify group and answers FAN_ALLOW at once. Between
 * batches the mark is removed and added again; the group and the thread stay.
 *
 * Where the two threads run decides the cost: answered on the opener's CPU, an event is two context
 * switches; on another CPU, two cross-CPU wake-ups, several times dearer in a VM. "free" (the default)
 * leaves it to the scheduler and counts the events answered on the CPU the opener last ran on; "same"
 * pins both threads to one CPU, "split" each to its own.
 *
 * Output, one name=value per line (ns per open+close):
 *   plain.N= perm.N= event.N=   batch N of each kind and their difference (N from 1)
 *   plain= perm= event=         medians over the pairs
 *   opens= answered=            opens made under the mark, and the events the listener answered:
 *                               equal, or the plain batches were not plain or the perm ones not perm
 *   same_cpu=                   events the listener answered on the CPU the opener last ran on
 *   cpus=                       free, same or split
 * Exit 0: measured. 3: "unavailable=REASON" (fanotify_init or fanotify_mark refused: not root, no
 * CONFIG_FANOTIFY_ACCESS_PERMISSIONS, ...). 1: "error=REASON" (usage, set-up, or the listener did not
 * answer every open, in which case the numbers would not be of a permission event).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fanotify.h>
#include <time.h>
#include <unistd.h>

#define MAX_PAIRS 1000
/* The clock is read once per CHUNK opens: its cost stays out of the figure without long overshoots. */
#define CHUNK 16

static char dir_path[PATH_MAX];
static char file_path[PATH_MAX + 16];
static int fan_fd = -1;
/*
 * Events answered. The listener counts an event before it writes the answer, so once an open has
 * returned its event is counted: the main thread reads the count with no join and no wait. (A failed
 * answer ends the process, so no event is counted unanswered.)
 */
static unsigned long answered;
static unsigned long same_cpu;
static int opener_cpu = -1;     /* the main thread's CPU, noted once per CHUNK opens */

static const char *errname(int e)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
	const char *n = strerrorname_np(e);
	if (n)
		return n;
#endif
	(void)e;
	return "?";
}

static void cleanup(void)
{
	if (file_path[0])
		unlink(file_path);
	if (dir_path[0])
		rmdir(dir_path);
}

/* Stopped by ^C or kill, the probe still removes its directory (unlink and rmdir are signal-safe). */
static void on_signal(int sig)
{
	cleanup();
	_exit(128 + sig);
}

static int unavailable(const char *what, int e)
{
	printf("unavailable=%s: %s (%s)\n", what, strerror(e), errname(e));
	if (fan_fd >= 0)
		close(fan_fd);
	cleanup();
	return 3;
}

static int fail(const char *what, int e)
{
	if (e)
		printf("error=%s: %s (%s)\n", what, strerror(e), errname(e));
	else
		printf("error=%s\n", what);
	cleanup();
	return 1;
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/*
 * The listener cannot go on: the opener would wait for an answer forever, so the whole process leaves
 * (closing the group lets the kernel allow what is pending).
 */
static void __attribute__((noreturn)) listener_fail(const char *what, int e)
{
	if (e)
		printf("error=listener %s: %s (%s)\n", what, strerror(e), errname(e));
	else
		printf("error=listener %s\n", what);
	fflush(stdout);
	cleanup();
	_exit(1);
}

static void *listener(void *arg)
{
	/* Aligned for struct fanotify_event_metadata; a read may return several events. */
	static char buf[4096] __attribute__((aligned(8)));
	(void)arg;
	for (;;) {
		ssize_t n = read(fan_fd, buf, sizeof buf);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			listener_fail("read", errno);
		}
		struct fanotify_event_metadata *ev = (struct fanotify_event_metadata *)buf;
		for (; FAN_EVENT_OK(ev, n); ev = FAN_EVENT_NEXT(ev, n)) {
			if (ev->vers != FANOTIFY_METADATA_VERSION)
				listener_fail("got fanotify metadata of another version", 0);
			if (ev->mask & FAN_OPEN_PERM) {
				struct fanotify_response r = { .fd = ev->fd, .response = FAN_ALLOW };
				if (sched_getcpu() == __atomic_load_n(&opener_cpu, __ATOMIC_RELAXED))
					__atomic_add_fetch(&same_cpu, 1, __ATOMIC_RELAXED);
				__atomic_add_fetch(&answered, 1, __ATOMIC_SEQ_CST);
				if (write(fan_fd, &r, sizeof r) != (ssize_t)sizeof r)
					listener_fail("answer", errno);
			}
			if (ev->fd >= 0)
				close(ev->fd);
		}
	}
}

/* Opens and closes the file for at least ms milliseconds; returns ns per open+close, or -1 (errno). */
static double batch(double ms, unsigned long *opens)
{
	unsigned long n = 0;
	double t0 = now_ns(), t;
	do {
		__atomic_store_n(&opener_cpu, sched_getcpu(), __ATOMIC_RELAXED);
		for (int i = 0; i < CHUNK; i++) {
			int fd = open(file_path, O_RDONLY);
			if (fd < 0)
				return -1;
			close(fd);
		}
		n += CHUNK;
		t = now_ns();
	} while (t - t0 < ms * 1e6);
	if (opens)
		*opens += n;
	return (t - t0) / n;
}

static int mark(unsigned int how)
{
	return fanotify_mark(fan_fd, how, FAN_OPEN_PERM, AT_FDCWD, file_path);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *xs, int n)
{
	qsort(xs, n, sizeof *xs, cmp);
	return n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	static double plain[MAX_PAIRS], perm[MAX_PAIRS], event[MAX_PAIRS];
	char *end = NULL, *pend = NULL;
	int args_ok = argc == 3 || argc == 4;
	double ms = args_ok ? strtod(argv[1], &end) : 0;
	long pairs = args_ok ? strtol(argv[2], &pend, 10) : 0;
	const char *cpus = argc == 4 ? argv[3] : "free";
	if (!args_ok || *end || *pend || !(ms > 0 && ms <= 60000) || pairs < 1 || pairs > MAX_PAIRS ||
	    (strcmp(cpus, "free") && strcmp(cpus, "same") && strcmp(cpus, "split"))) {
		fprintf(stderr, "usage: %s BATCH_MS PAIRS [free|same|split] (PAIRS 1..%d)\n", argv[0], MAX_PAIRS);
		return fail("usage: fanotify_perm BATCH_MS PAIRS [free|same|split]", 0);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	const char *tmp = getenv("TMPDIR");
	snprintf(dir_path, sizeof dir_path, "%s/fanotify_perm.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir_path)) {
		dir_path[0] = 0;
		return fail("mkdtemp", errno);
	}
	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	snprintf(file_path, sizeof file_path, "%s/small", dir_path);
	int fd = open(file_path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0 || write(fd, "x\n", 2) != 2 || close(fd) < 0)
		return fail("creating the test file", errno);

	fan_fd = fanotify_init(FAN_CLASS_CONTENT | FAN_CLOEXEC, O_RDONLY);
	if (fan_fd < 0)
		return unavailable("fanotify_init(FAN_CLASS_CONTENT)", errno);
	/* Added once here so that a refusal shows before any thread or timing. */
	if (mark(FAN_MARK_ADD) < 0)
		return unavailable("fanotify_mark(FAN_OPEN_PERM)", errno);

	/* The first two CPUs this process may use: the opener's and, for "split", the listener's. */
	cpu_set_t allowed, a, b;
	int first = -1, second = -1;
	if (sched_getaffinity(0, sizeof allowed, &allowed) < 0)
		return fail("sched_getaffinity", errno);
	for (int c = 0; c < CPU_SETSIZE && second < 0; c++)
		if (CPU_ISSET(c, &allowed))
			*(first < 0 ? &first : &second) = c;
	CPU_ZERO(&a);
	CPU_SET(first, &a);
	CPU_ZERO(&b);
	CPU_SET(strcmp(cpus, "split") ? first : second, &b);
	if (!strcmp(cpus, "split") && second < 0)
		return fail("split needs two CPUs", 0);
	if (strcmp(cpus, "free") && sched_setaffinity(0, sizeof a, &a) < 0)
		return fail("sched_setaffinity", errno);

	/* Signals go to the main thread, whose handler cleans up. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	if (strcmp(cpus, "free"))
		pthread_attr_setaffinity_np(&attr, sizeof b, &b);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	pthread_t th;
	int e = pthread_create(&th, &attr, listener, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (e)
		return fail("pthread_create", e);

	/* Warm-up, not kept: the dentry, the inode and the listener's first wake-ups. */
	unsigned long opens = 0;
	double warm = ms / 4 < 5 ? ms / 4 : 5;
	if (batch(warm, &opens) < 0)
		return fail("open", errno);
	if (mark(FAN_MARK_REMOVE) < 0 || batch(warm, NULL) < 0)
		return fail("warm-up", errno);

	for (long i = 0; i < pairs; i++) {
		if ((plain[i] = batch(ms, NULL)) < 0)
			return fail("open", errno);
		if (mark(FAN_MARK_ADD) < 0)
			return fail("fanotify_mark(FAN_MARK_ADD)", errno);
		if ((perm[i] = batch(ms, &opens)) < 0)
			return fail("open under the mark", errno);
		if (mark(FAN_MARK_REMOVE) < 0)
			return fail("fanotify_mark(FAN_MARK_REMOVE)", errno);
		event[i] = perm[i] - plain[i];
		printf("plain.%ld=%.1f\nperm.%ld=%.1f\nevent.%ld=%.1f\n", i + 1, plain[i], i + 1, perm[i], i + 1, event[i]);
	}

	/*
	 * The listener stays blocked in read until the process exits: telling it to stop would need a second
	 * descriptor to poll, a syscall more on the path measured, or an extra event it could race with.
	 */
	unsigned long got = __atomic_load_n(&answered, __ATOMIC_SEQ_CST);
	printf("plain=%.1f\nperm=%.1f\nevent=%.1f\n", median(plain, pairs), median(perm, pairs), median(event, pairs));
	printf("opens=%lu\nanswered=%lu\nsame_cpu=%lu\ncpus=%s\n", opens, got,
	       __atomic_load_n(&same_cpu, __ATOMIC_RELAXED), cpus);
	cleanup();
	if (got != opens) {
		printf("error=the listener answered %lu events for %lu opens under the mark\n", got, opens);
		return 1;
	}
	return 0;
}
