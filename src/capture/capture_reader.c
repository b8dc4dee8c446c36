#include "capture/capture_reader.h"

#include "capture/pcap_reader.h"
#include "capture/pcapng_reader.h"

#include <errno.h>
#include <string.h>

typedef struct {
  char *name;
  PcapReader *pcap;     /* one of the two */
  PcapngReader *pcapng;
  gboolean has_frame;   /* frame below is the input's next one */
  SipscanFrame frame;
} CaptureInput;

struct _CaptureReader {
  GPtrArray *inputs;    /* CaptureInput */
  CaptureInput *handed_out; /* its frame's bytes are in use until the next
                               call: read it again only then */
  guint64 next_number;
  CaptureErrorFunc on_error;
  gpointer data;
};

static void
capture_input_free (gpointer data)
{
  CaptureInput *input = data;
  pcap_reader_free (input->pcap);
  pcapng_reader_free (input->pcapng);
  g_free (input->name);
  g_free (input);
}

G_NO_INLINE static void
capture_input_report_error (CaptureReader *reader, const CaptureInput *input)
{
  reader->on_error (input->name,
                    input->pcap ? pcap_reader_error (input->pcap)
                                : pcapng_reader_error (input->pcapng),
                    reader->data);
}

/* FALSE at the input's end, or on an error, which it reports. */
static gboolean
capture_input_read (CaptureReader *reader, CaptureInput *input,
                    SipscanFrame *frame)
{
  int rc = input->pcap ? pcap_reader_next (input->pcap, frame)
                       : pcapng_reader_next (input->pcapng, frame);
  if (G_UNLIKELY (rc < 0))
    capture_input_report_error (reader, input);
  return rc == 1;
}

static void
capture_input_advance (CaptureReader *reader, CaptureInput *input)
{
  input->has_frame = capture_input_read (reader, input, &input->frame);
}

/* Reads file (which it takes) by its first bytes. FALSE with why. */
static gboolean
capture_input_open_stream (CaptureInput *input, FILE *file,
                           const char **why)
{
  FileWindow *window = file_window_new (file);
  if (file_window_starts_gzip (window))
    file_window_gunzip (window);
  gsize got = file_window_need (window, 4);
  const guint8 *magic = file_window_data (window);
  guint32 type = 0;
  memcpy (&type, magic, MIN (got, sizeof type));
  if (got == sizeof type && type == PCAPNG_MAGIC)
    input->pcapng = pcapng_reader_new (window);
  else if (got == sizeof type && pcap_reader_recognises (magic))
    input->pcap = pcap_reader_new (window);
  else
    {
      *why = file_window_reason (window, got == 0 ? "empty file"
                                         : "not a pcap or pcapng file");
      file_window_free (window);
      return FALSE;
    }
  return TRUE;
}

static CaptureReader *
capture_reader_new (CaptureErrorFunc on_error, gpointer data)
{
  CaptureReader *reader = g_new0 (CaptureReader, 1);
  reader->inputs = g_ptr_array_new_with_free_func (capture_input_free);
  reader->on_error = on_error;
  reader->data = data;
  return reader;
}

static void
capture_reader_add_input (CaptureReader *reader, const char *name,
                          FILE *file)
{
  const char *why = NULL;
  CaptureInput *input = g_new0 (CaptureInput, 1);
  if (!capture_input_open_stream (input, file, &why))
    {
      reader->on_error (name, why, reader->data);
      capture_input_free (input);
      return;
    }
  input->name = g_strdup (name);
  g_ptr_array_add (reader->inputs, input);
  capture_input_advance (reader, input);
}

CaptureReader *
capture_reader_open (const char *const *paths, CaptureErrorFunc on_error,
                     gpointer data)
{
  CaptureReader *reader = capture_reader_new (on_error, data);
  for (const char *const *path = paths; *path; path++)
    {
      FILE *file = strcmp (*path, "-") == 0 ? stdin : fopen (*path, "rb");
      if (file == NULL)
        reader->on_error (*path, g_strerror (errno), reader->data);
      else
        capture_reader_add_input (reader, *path, file);
    }
  return reader;
}

CaptureReader *
capture_reader_open_file (FILE *file, const char *name,
                          CaptureErrorFunc on_error, gpointer data)
{
  CaptureReader *reader = capture_reader_new (on_error, data);
  capture_reader_add_input (reader, name, file);
  return reader;
}

/* The input whose next frame comes first, NULL when all are done. */
static CaptureInput *
capture_reader_earliest (const CaptureReader *reader)
{
  CaptureInput *const *inputs = (CaptureInput *const *) reader->inputs->pdata;
  guint n = reader->inputs->len;
  CaptureInput *earliest = NULL;
  for (guint i = 0; i < n; i++)
    if (inputs[i]->has_frame
        && (!earliest || inputs[i]->frame.time < earliest->frame.time))
      earliest = inputs[i];
  return earliest;
}

/* The usual single input: after the frame read ahead when it was added,
 * frames are read straight into the caller's, as nothing is merged. */
static gboolean
capture_reader_next_of_one (CaptureReader *reader, CaptureInput *input,
                            SipscanFrame *frame)
{
  if (!input->has_frame)
    return FALSE;
  if (reader->handed_out)
    input->has_frame = capture_input_read (reader, input, frame);
  else
    {
      *frame = input->frame;
      reader->handed_out = input;
    }
  if (!input->has_frame)
    return FALSE;
  frame->number = ++reader->next_number;
  return TRUE;
}

/* Several inputs, merged. Out of line, as the reporting of errors: the
 * path of a single input then needs no registers saved. */
G_NO_INLINE static gboolean
capture_reader_next_merged (CaptureReader *reader, SipscanFrame *frame)
{
  if (reader->handed_out)
    capture_input_advance (reader, reader->handed_out);
  reader->handed_out = NULL;
  CaptureInput *earliest = capture_reader_earliest (reader);
  if (!earliest)
    return FALSE;
  *frame = earliest->frame;
  frame->number = ++reader->next_number;
  reader->handed_out = earliest;
  return TRUE;
}

gboolean
capture_reader_next (CaptureReader *reader, SipscanFrame *frame)
{
  if (reader->inputs->len == 1)
    return capture_reader_next_of_one (reader, reader->inputs->pdata[0],
                                       frame);
  return capture_reader_next_merged (reader, frame);
}

void
capture_reader_close (CaptureReader *reader)
{
  if (!reader)
    return;
  g_ptr_array_free (reader->inputs, TRUE);
  g_free (reader);
}
