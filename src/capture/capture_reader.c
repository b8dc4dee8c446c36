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

static void
capture_input_advance (CaptureReader *reader, CaptureInput *input)
{
  int rc = input->pcap ? pcap_reader_next (input->pcap, &input->frame)
                       : pcapng_reader_next (input->pcapng, &input->frame);
  input->has_frame = rc == 1;
  if (rc < 0)
    reader->on_error (input->name,
                      input->pcap ? pcap_reader_error (input->pcap)
                                  : pcapng_reader_error (input->pcapng),
                      reader->data);
}

/* Reads file (which it takes) by its first bytes. FALSE with why. */
static gboolean
capture_input_open_stream (CaptureInput *input, FILE *file,
                           const char **why)
{
  FileWindow *window = file_window_new (file);
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
      *why = got == 0 ? (file_window_failed (window) ? g_strerror (errno)
                                                     : "empty file")
                      : "not a pcap or pcapng file";
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
  if (n == 1)  /* the usual single file */
    return inputs[0]->has_frame ? inputs[0] : NULL;
  CaptureInput *earliest = NULL;
  for (guint i = 0; i < n; i++)
    if (inputs[i]->has_frame
        && (!earliest || inputs[i]->frame.time < earliest->frame.time))
      earliest = inputs[i];
  return earliest;
}

gboolean
capture_reader_next (CaptureReader *reader, SipscanFrame *frame)
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

void
capture_reader_close (CaptureReader *reader)
{
  if (!reader)
    return;
  g_ptr_array_free (reader->inputs, TRUE);
  g_free (reader);
}
