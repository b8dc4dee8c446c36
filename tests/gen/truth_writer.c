#include "truth_writer.h"

#include <json-glib/json-glib.h>

typedef enum {
  FIELD_STRING,
  FIELD_INT,
  FIELD_BOOL,
  FIELD_PACKET,
} FieldKind;

typedef struct {
  const char *key;         /* static */
  FieldKind kind;
  char *string;            /* NULL: null */
  gint64 number;
  gboolean null_number;
  const CapturePacket *packet;
} TruthField;

typedef struct {
  GArray *fields;          /* of TruthField */
} TruthRecord;

struct _TruthWriter {
  GPtrArray *records;      /* of TruthRecord */
};

static const char *const covered_types[] = {
  "stuck_invite", "unanswered_invite", "auth_attempt", "auth_source",
  "summary",
};

static void
truth_field_clear (gpointer data)
{
  TruthField *field = data;
  g_free (field->string);
}

static void
truth_record_free (gpointer data)
{
  TruthRecord *record = data;
  g_array_unref (record->fields);
  g_free (record);
}

TruthWriter *
truth_writer_new (void)
{
  TruthWriter *truth = g_new0 (TruthWriter, 1);
  truth->records = g_ptr_array_new_with_free_func (truth_record_free);
  return truth;
}

void
truth_writer_free (TruthWriter *truth)
{
  if (truth == NULL)
    return;
  g_ptr_array_unref (truth->records);
  g_free (truth);
}

static TruthRecord *
record_new (TruthWriter *truth)
{
  TruthRecord *record = g_new0 (TruthRecord, 1);
  record->fields = g_array_new (FALSE, TRUE, sizeof (TruthField));
  g_array_set_clear_func (record->fields, truth_field_clear);
  g_ptr_array_add (truth->records, record);
  return record;
}

static void
add_string (TruthRecord *record, const char *key, const char *value)
{
  TruthField field = { .key = key, .kind = FIELD_STRING,
                       .string = g_strdup (value) };
  g_array_append_val (record->fields, field);
}

static void
add_int (TruthRecord *record, const char *key, gint64 value)
{
  TruthField field = { .key = key, .kind = FIELD_INT, .number = value };
  g_array_append_val (record->fields, field);
}

/* 0 is written as null. */
static void
add_status (TruthRecord *record, const char *key, guint status)
{
  TruthField field = { .key = key, .kind = FIELD_INT, .number = status,
                       .null_number = status == 0 };
  g_array_append_val (record->fields, field);
}

static void
add_bool (TruthRecord *record, const char *key, gboolean value)
{
  TruthField field = { .key = key, .kind = FIELD_BOOL, .number = value };
  g_array_append_val (record->fields, field);
}

static void
add_packet (TruthRecord *record, const char *key,
            const CapturePacket *packet)
{
  TruthField field = { .key = key, .kind = FIELD_PACKET, .packet = packet };
  g_array_append_val (record->fields, field);
}

void
truth_stuck_invite (TruthWriter *truth, const char *call_id,
                    const CapturePacket *invite, const CapturePacket *trying,
                    const char *ended_by, const CapturePacket *end,
                    guint end_status)
{
  TruthRecord *record = record_new (truth);
  add_string (record, "type", "stuck_invite");
  add_string (record, "call_id", call_id);
  add_packet (record, "invite_frame", invite);
  add_packet (record, "trying_frame", trying);
  add_string (record, "ended_by", ended_by);
  add_packet (record, "end_frame", end);
  add_status (record, "end_status", end_status);
}

void
truth_unanswered_invite (TruthWriter *truth, const char *call_id,
                         const CapturePacket *invite, const char *ended_by,
                         const CapturePacket *end)
{
  TruthRecord *record = record_new (truth);
  add_string (record, "type", "unanswered_invite");
  add_string (record, "call_id", call_id);
  add_packet (record, "invite_frame", invite);
  add_string (record, "ended_by", ended_by);
  add_packet (record, "end_frame", end);
}

void
truth_auth_attempt (TruthWriter *truth, const TruthAuthAttempt *attempt)
{
  TruthRecord *record = record_new (truth);
  add_string (record, "type", "auth_attempt");
  add_string (record, "call_id", attempt->call_id);
  add_string (record, "method", attempt->method);
  add_string (record, "username", attempt->username);
  add_string (record, "realm", attempt->realm);
  add_packet (record, "challenge_frame", attempt->challenge);
  add_status (record, "challenge_status", attempt->challenge_status);
  add_packet (record, "retry_frame", attempt->retry);
  add_packet (record, "result_frame", attempt->result);
  add_status (record, "result_status", attempt->result_status);
  add_string (record, "outcome", attempt->outcome);
}

void
truth_auth_source (TruthWriter *truth, const char *source,
                   gboolean brute_force)
{
  TruthRecord *record = record_new (truth);
  add_string (record, "type", "auth_source");
  add_string (record, "source", source);
  add_bool (record, "brute_force", brute_force);
}

static void
add_summary (TruthWriter *truth, Capture **captures, guint n_captures)
{
  static const char *const kind_keys[FRAME_KIND_COUNT] = {
    [FRAME_SIP] = "frames_sip",
    [FRAME_NOT_SIP] = "frames_not_sip",
    [FRAME_MALFORMED] = "frames_malformed",
    [FRAME_TRUNCATED] = "frames_truncated",
    [FRAME_UNSUPPORTED] = "frames_unsupported",
    [FRAME_IP_FRAGMENT] = "frames_ip_fragment",
    [FRAME_TCP] = "frames_tcp",
    [FRAME_SCTP] = "frames_sctp",
  };
  guint64 counts[FRAME_KIND_COUNT] = { 0 };
  guint64 frames = 0, sip_messages = 0, tunneled = 0, hep = 0;
  TruthRecord *record;

  for (guint i = 0; i < n_captures; i++)
    {
      GPtrArray *packets = capture_peek_packets (captures[i]);
      for (guint j = 0; j < packets->len; j++)
        {
          const CapturePacket *packet = packets->pdata[j];
          counts[packet->kind]++;
          frames++;
          sip_messages += packet->sip_messages;
          tunneled += packet->tunneled;
          hep += packet->hep;
        }
    }
  record = record_new (truth);
  add_string (record, "type", "summary");
  add_int (record, "frames", frames);
  for (guint k = 0; k < FRAME_KIND_COUNT; k++)
    add_int (record, kind_keys[k], counts[k]);
  add_int (record, "sip_messages", sip_messages);
  /* Only where there are some: other truths stay as they were. */
  if (tunneled > 0)
    add_int (record, "tunnels_decoded", tunneled);
  if (hep > 0)
    add_int (record, "hep_messages", hep);
}

static void
build_field (JsonBuilder *builder, const TruthField *field)
{
  json_builder_set_member_name (builder, field->key);
  switch (field->kind)
    {
    case FIELD_STRING:
      if (field->string)
        json_builder_add_string_value (builder, field->string);
      else
        json_builder_add_null_value (builder);
      break;
    case FIELD_INT:
      if (field->null_number)
        json_builder_add_null_value (builder);
      else
        json_builder_add_int_value (builder, field->number);
      break;
    case FIELD_BOOL:
      json_builder_add_boolean_value (builder, field->number);
      break;
    case FIELD_PACKET:
      if (field->packet)
        {
          g_assert (field->packet->number > 0);
          json_builder_add_int_value (builder, field->packet->number);
        }
      else
        json_builder_add_null_value (builder);
      break;
    }
}

static void
append_line (GString *out, JsonBuilder *builder)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_string_append (out, text);
  g_string_append_c (out, '\n');
}

static void
append_header (GString *out, Capture **captures, guint n_captures)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "truth");
  json_builder_set_member_name (builder, "capture");
  if (n_captures == 1)
    json_builder_add_string_value (builder, capture_peek_name (captures[0]));
  else
    {
      json_builder_begin_array (builder);
      for (guint i = 0; i < n_captures; i++)
        json_builder_add_string_value (builder,
                                       capture_peek_name (captures[i]));
      json_builder_end_array (builder);
    }
  json_builder_set_member_name (builder, "covers");
  json_builder_begin_array (builder);
  for (gsize i = 0; i < G_N_ELEMENTS (covered_types); i++)
    json_builder_add_string_value (builder, covered_types[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  append_line (out, builder);
}

gboolean
truth_writer_save (TruthWriter *truth, const char *path, Capture **captures,
                   guint n_captures, GError **error)
{
  g_autoptr (GString) out = g_string_new (NULL);

  capture_number_frames (captures, n_captures);
  add_summary (truth, captures, n_captures);
  append_header (out, captures, n_captures);
  for (guint i = 0; i < truth->records->len; i++)
    {
      TruthRecord *record = truth->records->pdata[i];
      g_autoptr (JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      for (guint j = 0; j < record->fields->len; j++)
        build_field (builder, &g_array_index (record->fields, TruthField, j));
      json_builder_end_object (builder);
      append_line (out, builder);
    }
  return g_file_set_contents (path, out->str, out->len, error);
}
