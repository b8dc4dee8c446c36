#include "scenario.h"

gboolean
scenario_save (const char *outdir, const char *truth_name, TruthWriter *truth,
               Capture **captures, guint n_captures, GError **error)
{
  g_autofree char *path = g_build_filename (outdir, truth_name, NULL);

  if (!truth_writer_save (truth, path, captures, n_captures, error))
    return FALSE;
  for (guint i = 0; i < n_captures; i++)
    if (!capture_save (captures[i], outdir, error))
      return FALSE;
  return TRUE;
}

CapturePacket *
scenario_send_challenge (Call *call, gint64 time, guint status,
                         const DigestChallenge *challenge, ...)
{
  const char *header = status == 407 ? "Proxy-Authenticate"
                                     : "WWW-Authenticate";
  SipMsg *response = call_new_response (call, call->request, status);
  va_list args;

  va_start (args, challenge);
  for (; challenge; challenge = va_arg (args, const DigestChallenge *))
    call_add_challenge (response, header, challenge);
  va_end (args);
  return call_send_response (call, time, response);
}

CapturePacket *
scenario_send_with_credentials (Call *call, gint64 time, const char *method,
                                guint status,
                                const DigestChallenge *challenge,
                                const char *password, guint nc)
{
  const char *header = status == 407 ? "Proxy-Authorization"
                                     : "Authorization";
  SipMsg *request = call_new_request (call, method);

  call_add_credentials (call, request, header, challenge, password, nc);
  return call_send (call, time, request);
}
