#include "util/row_index.h"
#include "util/row_store.h"

#define N_ROWS 5000

typedef struct {
  guint32 key;
  guint32 payload[3];  /* rows of 16 bytes: 256 to a chunk */
} Row;

/* Few distinct hashes, so that walks pass over many candidates. */
static guint32
weak_hash (guint32 key)
{
  return key % 97;
}

/* The row number of key, or ROW_INDEX_NONE; at is left where the walk
 * ended. */
static guint32
find (const RowIndex *index, const RowStore *rows, guint32 key, guint32 *at)
{
  guint32 hash = weak_hash (key);
  *at = row_index_home (index, hash);
  ROW_INDEX_FOR_EACH (index, hash, id, *at)
    {
      const Row *row = row_store_at (rows, id);
      if (row->key == key)
        return id;
    }
  return ROW_INDEX_NONE;
}

static void
test_every_row_found_by_its_key_across_growth (void)
{
  RowIndex index;
  RowStore rows;
  row_index_init (&index);
  row_store_init (&rows, sizeof (Row));
  Row *first = NULL;
  for (guint32 key = 0; key < N_ROWS; key++)
    {
      guint32 at;
      g_assert_cmpuint (find (&index, &rows, 3 * key, &at), ==,
                        ROW_INDEX_NONE);
      Row *row = row_store_add (&rows);
      g_assert_cmpuint (row->key, ==, 0);   /* added zeroed */
      g_assert_cmpuint (row->payload[2], ==, 0);
      row->key = 3 * key;
      row->payload[0] = key;
      first = first ? first : row;
      /* half through the slot the failed walk ended at, half anew */
      if (key % 2)
        row_index_add_at (&index, at, weak_hash (row->key), rows.count - 1);
      else
        row_index_add (&index, weak_hash (row->key), rows.count - 1);
    }
  g_assert_cmpuint (rows.count, ==, N_ROWS);
  g_assert_cmpuint (index.count, ==, N_ROWS);
  g_assert_cmpuint ((index.count) * 4, <=, (index.mask + 1) * 3);
  g_assert_true (row_store_at (&rows, 0) == first);  /* rows never move */
  for (guint32 key = 0; key < N_ROWS; key++)
    {
      guint32 at;
      guint32 id = find (&index, &rows, 3 * key, &at);
      g_assert_cmpuint (id, ==, key);
      g_assert_cmpuint (((const Row *) row_store_at (&rows, id))->payload[0],
                        ==, key);
      g_assert_cmpuint (find (&index, &rows, 3 * key + 1, &at), ==,
                        ROW_INDEX_NONE);
    }
  row_index_clear (&index);
  row_store_clear (&rows);
}

static void
test_first_candidate_is_the_first_added_under_a_hash (void)
{
  RowIndex index;
  row_index_init (&index);
  g_assert_cmpuint (row_index_first (&index, 7), ==, ROW_INDEX_NONE);
  row_index_add (&index, 7, 40);
  row_index_add (&index, 7 + 64, 41);  /* same home slot, other hash */
  row_index_add (&index, 7, 42);
  g_assert_cmpuint (row_index_first (&index, 7), ==, 40);
  g_assert_cmpuint (row_index_first (&index, 7 + 64), ==, 41);
  g_assert_cmpuint (row_index_first (&index, 8), ==, ROW_INDEX_NONE);
  row_index_clear (&index);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/util/row_index/every_row_found_by_its_key_across_growth",
                   test_every_row_found_by_its_key_across_growth);
  g_test_add_func (
      "/util/row_index/first_candidate_is_the_first_added_under_a_hash",
      test_first_candidate_is_the_first_added_under_a_hash);
  return g_test_run ();
}
