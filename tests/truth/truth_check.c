/* truth_check TRUTH.jsonl SIPSCAN_OUTPUT.jsonl
 *
 * Compares sipscan's JSON Lines output with a truth file written by
 * gen_captures. For every record type the truth covers, each output
 * record of that type is projected onto the keys the truth records use,
 * and the two sides are compared as multisets. Prints every missing and
 * every unexpected record; exits 0 when they match, 1 when they differ,
 * 2 when a file cannot be read. */
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* The keys of the record types gen_captures writes, for a covered type
 * that has no truth record to take them from. */
static const char *const stuck_invite_keys[] = {
  "call_id", "invite_frame", "trying_frame", "ended_by", "end_frame",
  "end_status", NULL,
};
static const char *const unanswered_invite_keys[] = {
  "call_id", "invite_frame", "ended_by", "end_frame", NULL,
};
static const char *const auth_attempt_keys[] = {
  "call_id", "method", "username", "realm", "challenge_frame",
  "challenge_status", "retry_frame", "result_frame", "result_status",
  "outcome", NULL,
};
static const char *const auth_source_keys[] = {
  "source", "brute_force", NULL,
};
static const char *const summary_keys[] = {
  "frames", "frames_sip", "frames_not_sip", "frames_malformed",
  "frames_truncated", "frames_unsupported", "frames_ip_fragment",
  "frames_tcp", "frames_sctp", "sip_messages", NULL,
};
static const struct {
  const char *type;
  const char *const *keys;
} known_types[] = {
  { "stuck_invite", stuck_invite_keys },
  { "unanswered_invite", unanswered_invite_keys },
  { "auth_attempt", auth_attempt_keys },
  { "auth_source", auth_source_keys },
  { "summary", summary_keys },
};

/* One covered record type. */
typedef struct {
  char *type;
  GPtrArray *keys;            /* projection, in order of first use */
  GPtrArray *expected;        /* of JsonObject, in file order */
  GPtrArray *actual;
} TypeCheck;

static void
type_check_free (gpointer data)
{
  TypeCheck *check = data;
  g_free (check->type);
  g_ptr_array_unref (check->keys);
  g_ptr_array_unref (check->expected);
  g_ptr_array_unref (check->actual);
  g_free (check);
}

static TypeCheck *
type_check_new (const char *type)
{
  TypeCheck *check = g_new0 (TypeCheck, 1);
  check->type = g_strdup (type);
  check->keys = g_ptr_array_new_with_free_func (g_free);
  check->expected = g_ptr_array_new_with_free_func (
    (GDestroyNotify) json_object_unref);
  check->actual = g_ptr_array_new_with_free_func (
    (GDestroyNotify) json_object_unref);
  return check;
}

static gboolean
has_key (const GPtrArray *keys, const char *key)
{
  for (guint i = 0; i < keys->len; i++)
    if (g_strcmp0 (keys->pdata[i], key) == 0)
      return TRUE;
  return FALSE;
}

/* Reads a JSON Lines file: an array of JsonObject, empty lines skipped. */
static GPtrArray *
read_json_lines (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GPtrArray) objects = g_ptr_array_new_with_free_func (
    (GDestroyNotify) json_object_unref);

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GError) local_error = NULL;
      JsonNode *root;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      if (!json_parser_load_from_data (parser, lines[i], -1, &local_error))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s:%u: %s", path, i + 1, local_error->message);
          return NULL;
        }
      root = json_parser_get_root (parser);
      if (!JSON_NODE_HOLDS_OBJECT (root))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s:%u: not a JSON object", path, i + 1);
          return NULL;
        }
      g_ptr_array_add (objects, json_object_ref (json_node_get_object (root)));
    }
  return g_steal_pointer (&objects);
}

static const char *
record_type (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "type");
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A value as compact text; numbers with an integral value as integers. */
static void
append_value (GString *out, JsonNode *node)
{
  if (node == NULL)
    {
      g_string_append (out, "(absent)");
      return;
    }
  if (JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double v = json_node_get_double (node);
      if (v == floor (v) && fabs (v) < 9.007199254740992e15)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) v);
      else
        g_string_append_printf (out, "%.17g", v);
      return;
    }
  g_autofree char *text = json_to_string (node, FALSE);
  g_string_append (out, text);
}

/* The record projected onto the keys, as one readable line; two records
 * are equal when their lines are. */
static char *
project (const TypeCheck *check, JsonObject *object)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < check->keys->len; i++)
    {
      const char *key = check->keys->pdata[i];
      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "%s=", key);
      append_value (out, json_object_get_member (object, key));
    }
  return g_string_free (out, FALSE);
}

static void
count (GHashTable *counts, const char *line)
{
  gpointer n = g_hash_table_lookup (counts, line);
  g_hash_table_insert (counts, g_strdup (line),
                       GINT_TO_POINTER (GPOINTER_TO_INT (n) + 1));
}

static GHashTable *
count_projections (const TypeCheck *check, GPtrArray *records)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal,
                                              g_free, NULL);
  for (guint i = 0; i < records->len; i++)
    {
      g_autofree char *line = project (check, records->pdata[i]);
      count (counts, line);
    }
  return counts;
}

/* Prints the records of `records` that `other` has fewer of; returns how
 * many. */
static guint
report_surplus (const TypeCheck *check, GPtrArray *records,
                GHashTable *mine, GHashTable *other, const char *label)
{
  guint n = 0;

  for (guint i = 0; i < records->len; i++)
    {
      g_autofree char *line = project (check, records->pdata[i]);
      int have = GPOINTER_TO_INT (g_hash_table_lookup (mine, line));
      int want = GPOINTER_TO_INT (g_hash_table_lookup (other, line));
      if (have > want)
        {
          printf ("%s %s: %s\n", label, check->type, line);
          g_hash_table_insert (mine, g_strdup (line),
                               GINT_TO_POINTER (have - 1));
          n++;
        }
    }
  return n;
}

/* The covered types, from the truth file's header line. */
static GPtrArray *
read_covers (GPtrArray *truth, const char *path, GError **error)
{
  JsonObject *header = truth->len > 0 ? truth->pdata[0] : NULL;
  JsonNode *covers;
  g_autoptr (GPtrArray) checks = g_ptr_array_new_with_free_func (
    type_check_free);

  if (header == NULL || g_strcmp0 (record_type (header), "truth") != 0
      || (covers = json_object_get_member (header, "covers")) == NULL
      || !JSON_NODE_HOLDS_ARRAY (covers))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: the first line is not a truth header with covers",
                   path);
      return NULL;
    }
  JsonArray *array = json_node_get_array (covers);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (checks,
                     type_check_new (json_array_get_string_element (array,
                                                                    i)));
  return g_steal_pointer (&checks);
}

static TypeCheck *
find_check (GPtrArray *checks, const char *type)
{
  for (guint i = 0; type && i < checks->len; i++)
    {
      TypeCheck *check = checks->pdata[i];
      if (strcmp (check->type, type) == 0)
        return check;
    }
  return NULL;
}

/* The projection: the keys the truth records use, else the known keys
 * of the type, else every key of the output records. */
static void
choose_keys (TypeCheck *check)
{
  GPtrArray *sources[] = { check->expected, check->actual };

  for (guint i = 0; i < check->expected->len; i++)
    {
      g_autoptr (GList) members = json_object_get_members (
        check->expected->pdata[i]);
      for (GList *l = members; l; l = l->next)
        if (strcmp (l->data, "type") != 0 && !has_key (check->keys, l->data))
          g_ptr_array_add (check->keys, g_strdup (l->data));
    }
  if (check->keys->len > 0)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (known_types); i++)
    if (strcmp (known_types[i].type, check->type) == 0)
      {
        for (const char *const *k = known_types[i].keys; *k; k++)
          g_ptr_array_add (check->keys, g_strdup (*k));
        return;
      }
  for (gsize s = 1; s < G_N_ELEMENTS (sources); s++)
    for (guint i = 0; i < sources[s]->len; i++)
      {
        g_autoptr (GList) members = json_object_get_members (
          sources[s]->pdata[i]);
        for (GList *l = members; l; l = l->next)
          if (strcmp (l->data, "type") != 0
              && !has_key (check->keys, l->data))
            g_ptr_array_add (check->keys, g_strdup (l->data));
      }
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) truth = NULL;
  g_autoptr (GPtrArray) output = NULL;
  g_autoptr (GPtrArray) checks = NULL;
  guint missing = 0, unexpected = 0, matched = 0;

  if (argc != 3)
    {
      g_printerr ("usage: truth_check TRUTH.jsonl SIPSCAN_OUTPUT.jsonl\n");
      return 2;
    }
  if ((truth = read_json_lines (argv[1], &error)) == NULL
      || (output = read_json_lines (argv[2], &error)) == NULL
      || (checks = read_covers (truth, argv[1], &error)) == NULL)
    {
      g_printerr ("truth_check: %s\n", error->message);
      return 2;
    }

  for (guint i = 1; i < truth->len; i++)
    {
      const char *type = record_type (truth->pdata[i]);
      TypeCheck *check = find_check (checks, type);
      if (check == NULL)
        {
          g_printerr ("truth_check: %s: record %u has type %s, which the "
                      "file does not cover\n", argv[1], i + 1,
                      type ? type : "(none)");
          return 2;
        }
      g_ptr_array_add (check->expected, json_object_ref (truth->pdata[i]));
    }
  for (guint i = 0; i < output->len; i++)
    {
      TypeCheck *check = find_check (checks, record_type (output->pdata[i]));
      if (check)
        g_ptr_array_add (check->actual, json_object_ref (output->pdata[i]));
    }

  for (guint i = 0; i < checks->len; i++)
    {
      TypeCheck *check = checks->pdata[i];
      choose_keys (check);
      g_autoptr (GHashTable) expected = count_projections (check,
                                                           check->expected);
      g_autoptr (GHashTable) actual = count_projections (check,
                                                         check->actual);
      guint m = report_surplus (check, check->expected, expected, actual,
                                "missing");
      g_hash_table_unref (expected);
      expected = count_projections (check, check->expected);
      guint u = report_surplus (check, check->actual, actual, expected,
                                "unexpected");
      missing += m;
      unexpected += u;
      matched += check->expected->len - m;
    }

  if (missing || unexpected)
    {
      printf ("truth_check: %s: %u missing, %u unexpected, %u matched\n",
              argv[1], missing, unexpected, matched);
      return 1;
    }
  printf ("truth_check: %s: all %u records match\n", argv[1], matched);
  return 0;
}
