/* measure: runs a command and reports its wall time (CLOCK_MONOTONIC:
 * measuring is the one place the clock is read), CPU time (user + system)
 * and peak resident set (wait4's ru_maxrss), of the fastest of N runs.
 *
 *   measure [--runs N] [--stdout FILE] -- COMMAND [ARG...]
 *
 * The command's standard output goes to FILE (a real file, so the cost of
 * writing a report is counted) or to /dev/null; its standard input is
 * /dev/null. What a run leaves to the kernel is done outside the clock,
 * so that it falls on no run. FILE is written over in place, not
 * truncated: a run writes into the pages the previous run's report holds
 * in the page cache, and FILE is cut to the run's length once the run is
 * measured. (Truncating it in the run would count freeing those pages;
 * removing it first left new pages to take, and on a VM whose host takes
 * free pages back, as this project's does two seconds after they are
 * freed, each new page then costs a fault in the host: 480 MB written
 * at once took 0.08-0.19 s of kernel time, spread over 3.5 s
 * 0.46-0.82 s.) Each run's FILE is synced once the run is measured (its
 * write-back would otherwise come some thirty seconds later, in the
 * middle of another program's run). Prints one line:
 *   wall SECONDS cpu SECONDS rss_kib KIB status EXIT runs N
 * and exits 0 when every run exited 0, 1 otherwise. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct {
  double wall, cpu;
  long rss_kib;
  int status;   /* exit status, or 128 + the signal */
} Run;

static double
now (void)
{
  struct timespec t;
  clock_gettime (CLOCK_MONOTONIC, &t);
  return (double) t.tv_sec + (double) t.tv_nsec / 1e9;
}

static double
seconds (struct timeval t)
{
  return (double) t.tv_sec + (double) t.tv_usec / 1e6;
}

static void
redirect (int fd, const char *path, int flags)
{
  int file = open (path, flags, 0644);
  if (file < 0 || dup2 (file, fd) < 0)
    {
      fprintf (stderr, "measure: %s: %s\n", path, strerror (errno));
      _exit (127);
    }
  close (file);
}

/* Ends the run's output where the run stopped writing (the child shared
 * the file's offset) and writes it to the disk, if it is a regular file. */
static void
finish_output (int file, const char *out)
{
  struct stat st;
  if (fstat (file, &st) != 0 || !S_ISREG (st.st_mode))
    return;
  off_t end = lseek (file, 0, SEEK_CUR);
  if (end >= 0 && end < st.st_size && ftruncate (file, end) != 0)
    fprintf (stderr, "measure: %s: %s\n", out, strerror (errno));
  fsync (file);
}

static int
run_once (char **command, const char *out, Run *run)
{
  struct rusage usage;
  int status;
  int file = open (out, O_WRONLY | O_CREAT, 0644);
  if (file < 0)
    {
      fprintf (stderr, "measure: %s: %s\n", out, strerror (errno));
      exit (1);
    }
  double start = now ();
  pid_t child = fork ();

  if (child < 0)
    {
      close (file);
      return -1;
    }
  if (child == 0)
    {
      redirect (STDIN_FILENO, "/dev/null", O_RDONLY);
      if (dup2 (file, STDOUT_FILENO) < 0)
        _exit (127);
      close (file);
      execvp (command[0], command);
      fprintf (stderr, "measure: %s: %s\n", command[0], strerror (errno));
      _exit (127);
    }
  if (wait4 (child, &status, 0, &usage) < 0)
    {
      close (file);
      return -1;
    }
  run->wall = now () - start;
  run->cpu = seconds (usage.ru_utime) + seconds (usage.ru_stime);
  run->rss_kib = usage.ru_maxrss;
  run->status = WIFEXITED (status) ? WEXITSTATUS (status)
                                   : 128 + WTERMSIG (status);
  finish_output (file, out);
  close (file);
  return 0;
}

int
main (int argc, char **argv)
{
  const char *out = "/dev/null";
  int runs = 1, i = 1, failed = 0;
  Run best = { 0 };

  for (; i < argc && strcmp (argv[i], "--") != 0; i++)
    if (strcmp (argv[i], "--runs") == 0 && i + 1 < argc)
      runs = atoi (argv[++i]);
    else if (strcmp (argv[i], "--stdout") == 0 && i + 1 < argc)
      out = argv[++i];
    else
      break;
  if (i + 1 >= argc || strcmp (argv[i], "--") != 0 || runs < 1)
    {
      fprintf (stderr,
               "usage: measure [--runs N] [--stdout FILE] -- COMMAND [ARG...]\n");
      return 2;
    }
  for (int r = 0; r < runs; r++)
    {
      Run run;
      if (run_once (argv + i + 1, out, &run) < 0)
        {
          fprintf (stderr, "measure: %s\n", strerror (errno));
          return 1;
        }
      if (run.status != 0)
        failed = 1;
      if (r == 0 || run.wall < best.wall)
        best = run;
    }
  printf ("wall %.3f cpu %.3f rss_kib %ld status %d runs %d\n", best.wall,
          best.cpu, best.rss_kib, best.status, runs);
  return failed;
}
