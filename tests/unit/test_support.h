/* Helpers shared by the unit tests: reading files, building packets,
 * checking endpoints. */
#pragma once

#include "sipscan.h"

/* Path of a file under ../shared (next to the repository), or NULL with
 * the test marked skipped and the reason printed when it is absent. */
char *test_shared_path (const char *relative);

/* Whole file contents; aborts the test on failure. */
GBytes *test_read_file (const char *path);

/* Asserts that src and dst format (sipscan_endpoint_format) as
 * expected_src and expected_dst. */
void test_assert_endpoints (const SipscanEndpoint *src,
                            const SipscanEndpoint *dst,
                            const char *expected_src,
                            const char *expected_dst);
