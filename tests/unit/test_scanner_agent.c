#include "detect/scanner_agent.h"

#include <string.h>

static const char *
name (const char *user_agent)
{
  return scanner_agent_name (user_agent, strlen (user_agent));
}

static void
test_names_scanners_in_any_case (void)
{
  g_assert_cmpstr (name ("friendly-scanner"), ==, "SIPVicious");
  g_assert_cmpstr (name ("SIPVicious 0.3"), ==, "SIPVicious");
  g_assert_cmpstr (name ("x sIpClI/1.8"), ==, "sipcli");
  g_assert_cmpstr (name ("VaxSIPUserAgent/3.1"), ==, "VaxSIPUserAgent");
  g_assert_null (name ("Linphone/5.2.0 (belle-sip/5.2.0)"));
  g_assert_null (name ("sipvicio"));
  g_assert_null (scanner_agent_name (NULL, 0));
  g_assert_null (scanner_agent_name ("", 0));
}

/* Two needles in one text: the table's order decides, not the place. */
static void
test_first_in_table_order_wins (void)
{
  g_assert_cmpstr (name ("smap sipcli"), ==, "sipcli");
  g_assert_cmpstr (name ("pplsip sundayddr"), ==, "sundayddr");
}

static void
test_text_ends_at_nul (void)
{
  g_assert_null (scanner_agent_name ("x\0sipcli", 8));
  g_assert_cmpstr (scanner_agent_name ("sipcli\0x", 8), ==, "sipcli");
}

/* Many User-Agents sharing slots, asked again and again: the memo gives
 * the scan's answer every time. */
static void
test_memo_answers_as_the_scan (void)
{
  ScannerAgentMemo memo = { 0 };
  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < 500; i++)
      {
        char user_agent[80];
        if (i % 7 == 0)
          g_snprintf (user_agent, sizeof user_agent, "Friendly-Scanner %u", i);
        else
          g_snprintf (user_agent, sizeof user_agent, "Phone %u fw 1.2.%u", i,
                      i * 31 % 17);
        gsize len = strlen (user_agent);
        g_assert_cmpstr (scanner_agent_memo_name (&memo, user_agent, len), ==,
                         scanner_agent_name (user_agent, len));
      }
  char long_agent[200];
  memset (long_agent, 'a', sizeof long_agent);
  memcpy (long_agent + 150, "sivus", 5);
  g_assert_cmpstr (
      scanner_agent_memo_name (&memo, long_agent, sizeof long_agent), ==,
      "SiVuS");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scanner_agent/names_scanners_in_any_case",
                   test_names_scanners_in_any_case);
  g_test_add_func ("/scanner_agent/first_in_table_order_wins",
                   test_first_in_table_order_wins);
  g_test_add_func ("/scanner_agent/text_ends_at_nul", test_text_ends_at_nul);
  g_test_add_func ("/scanner_agent/memo_answers_as_the_scan",
                   test_memo_answers_as_the_scan);
  return g_test_run ();
}
