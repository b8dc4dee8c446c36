/* Runs a command and writes its peak resident set size in KiB
 * (getrusage's ru_maxrss, through wait4) and its exit status (128 +
 * signal when it was killed) to a file, as "RSS STATUS".
 *   peak_rss OUT_FILE COMMAND [ARG...]
 * Exits 0 once the command ran, whatever its status. */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
  if (argc < 3)
    {
      fprintf (stderr, "usage: peak_rss OUT_FILE COMMAND [ARG...]\n");
      return 2;
    }
  pid_t child = fork ();
  if (child < 0)
    {
      perror ("peak_rss: fork");
      return 2;
    }
  if (child == 0)
    {
      execvp (argv[2], argv + 2);
      perror ("peak_rss: exec");
      _exit (127);
    }
  int status;
  struct rusage usage;
  if (wait4 (child, &status, 0, &usage) != child)
    {
      perror ("peak_rss: wait4");
      return 2;
    }
  int code = WIFEXITED (status) ? WEXITSTATUS (status)
                                : 128 + WTERMSIG (status);
  FILE *out = fopen (argv[1], "w");
  if (out == NULL || fprintf (out, "%ld %d\n", usage.ru_maxrss, code) < 0
      || fclose (out) != 0)
    {
      perror (argv[1]);
      return 2;
    }
  return 0;
}
