#include "util/cursor.h"

static void
test_read_within_bounds_succeeds (void)
{
  const guint8 bytes[] = { 0x12, 0x34, 0x56, 0x78, 0x9a };
  Cursor c = cursor_make (bytes, sizeof bytes);
  guint16 u16;
  guint32 u32;
  g_assert_true (cursor_read_u16 (&c, &u16));
  g_assert_cmphex (u16, ==, 0x1234);
  g_assert_false (cursor_read_u32 (&c, &u32));
  g_assert_cmpuint (c.pos, ==, 2);
  g_assert_true (cursor_skip (&c, 3));
  g_assert_cmpuint (cursor_remaining (&c), ==, 0);
}

static void
test_read_past_end_leaves_cursor_in_place (void)
{
  const guint8 bytes[] = { 1, 2, 3 };
  Cursor c = cursor_make (bytes, sizeof bytes);
  Cursor sub;
  guint32 v;
  g_assert_false (cursor_read_u32_le (&c, &v));
  g_assert_false (cursor_take (&c, 4, &sub));
  g_assert_true (cursor_take (&c, 2, &sub));
  g_assert_cmpuint (cursor_remaining (&sub), ==, 2);
  g_assert_cmpuint (c.pos, ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cursor/read/within_bounds_succeeds",
                   test_read_within_bounds_succeeds);
  g_test_add_func ("/cursor/read/past_end_leaves_cursor_in_place",
                   test_read_past_end_leaves_cursor_in_place);
  return g_test_run ();
}
