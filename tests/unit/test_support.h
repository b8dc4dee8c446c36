/* Helpers shared by the unit tests: reading files, building packets. */
#pragma once

#include <glib.h>

/* Path of a file under ../shared (next to the repository), or NULL with
 * the test marked skipped and the reason printed when it is absent. */
char *test_shared_path (const char *relative);

/* Whole file contents; aborts the test on failure. */
GBytes *test_read_file (const char *path);
