#include "report/finding_spool.h"

#include <stddef.h>

typedef struct {
  guint64 number;
  const char *name;
  const char *absent;
  double value;
} Record;

static const gsize record_strings[]
    = { offsetof (Record, name), offsetof (Record, absent) };
static const SpoolLayout record_layout
    = { sizeof (Record), record_strings, G_N_ELEMENTS (record_strings) };

typedef struct {
  guint64 next;
  guint64 seen;
} Replay;

static void
check_record (gconstpointer data, gpointer user_data)
{
  const Record *record = data;
  Replay *replay = user_data;
  char *expected = g_strdup_printf ("record %" G_GUINT64_FORMAT
                                    " with a name long enough to matter",
                                    replay->next);
  g_assert_cmpuint (record->number, ==, replay->next);
  g_assert_cmpstr (record->name, ==, expected);
  g_assert_null (record->absent);
  g_assert_cmpfloat (record->value, ==, replay->next * 0.5);
  g_free (expected);
  replay->next++;
  replay->seen++;
}

static void
spool_and_replay (guint64 n)
{
  FindingSpool *spool = finding_spool_new (&record_layout);
  for (guint64 i = 0; i < n; i++)
    {
      char *name = g_strdup_printf ("record %" G_GUINT64_FORMAT
                                    " with a name long enough to matter", i);
      Record record = { i, name, NULL, i * 0.5 };
      finding_spool_add (spool, &record);
      g_free (name);
    }
  g_assert_cmpuint (finding_spool_count (spool), ==, n);
  for (int pass = 0; pass < 2; pass++)
    {
      Replay replay = { 0, 0 };
      finding_spool_foreach (spool, check_record, &replay);
      g_assert_cmpuint (replay.seen, ==, n);
    }
  finding_spool_free (spool);
}

static void
test_few_records_come_back_in_order (void)
{
  spool_and_replay (3);
}

/* About 8 MB of records: most of them go through the temporary file. */
static void
test_records_past_memory_come_back_in_order (void)
{
  spool_and_replay (8 * SPOOL_MEMORY_BYTES / 80);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/finding_spool/few_records_come_back_in_order",
                   test_few_records_come_back_in_order);
  g_test_add_func ("/finding_spool/records_past_memory_come_back_in_order",
                   test_records_past_memory_come_back_in_order);
  return g_test_run ();
}
