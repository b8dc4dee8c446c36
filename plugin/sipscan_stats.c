/* The plugin's reports: `tshark -z sipscan[,text|,json]` prints the CLI's
 * text report or JSON Lines for the capture file, and the GUI's Telephony
 * menu has an item that shows the text report in a window. Both replay the
 * findings kept by the post-dissector; no tap data is needed, so the tap
 * listener only serves to be drawn at the end. */
#include <wireshark.h>

#include <epan/funnel.h>
#include <epan/plugin_if.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipscan_plugin.h"

#define SIPSCAN_TAP "sipscan"

typedef struct {
  gboolean json;
} SipscanStat;

/* The name of the capture file for the report's title: Wireshark tells
 * its GUI plugins; tshark does not, so read its -r argument. */
static char *
capture_name (void)
{
  ws_info_t *info = NULL;
  plugin_if_get_ws_info (&info);
  if (info && info->ws_info_supported && info->cf_filename)
    return g_path_get_basename (info->cf_filename);
  char *cmdline = NULL;
  gsize len = 0;
  char *name = NULL;
  if (g_file_get_contents ("/proc/self/cmdline", &cmdline, &len, NULL))
    {
      for (const char *arg = cmdline; !name && arg < cmdline + len;
           arg += strlen (arg) + 1)
        {
          const char *next = arg + strlen (arg) + 1;
          if ((strcmp (arg, "-r") == 0 || strcmp (arg, "--read-file") == 0)
              && next < cmdline + len)
            name = g_path_get_basename (next);
          else if (strncmp (arg, "-r", 2) == 0 && arg[2] != '\0')
            name = g_path_get_basename (arg + 2);
          else if (strncmp (arg, "--read-file=", 12) == 0)
            name = g_path_get_basename (arg + 12);
        }
      g_free (cmdline);
    }
  return name ? name : g_strdup ("capture");
}

static tap_packet_status
sipscan_stat_packet (void *tapdata _U_, packet_info *pinfo _U_,
                     epan_dissect_t *edt _U_, const void *data _U_,
                     tap_flags_t flags _U_)
{
  return TAP_PACKET_DONT_REDRAW;
}

static void
sipscan_stat_draw (void *tapdata)
{
  SipscanStat *stat = tapdata;
  char *name = capture_name ();
  fflush (stdout);
  if (!sipscan_write_report (stdout, stat->json, name))
    fprintf (stderr, "sipscan: no capture file was dissected\n");
  fflush (stdout);
  g_free (name);
}

static void
sipscan_stat_finish (void *tapdata)
{
  g_free (tapdata);
}

static void
sipscan_stat_init (const char *opt_arg, void *userdata _U_)
{
  SipscanStat *stat = g_new0 (SipscanStat, 1);
  if (strcmp (opt_arg, "sipscan,json") == 0)
    stat->json = TRUE;
  else if (strcmp (opt_arg, "sipscan") != 0
           && strcmp (opt_arg, "sipscan,text") != 0)
    {
      fprintf (stderr, "tshark: invalid \"-z %s\": use -z sipscan, "
                       "-z sipscan,text or -z sipscan,json\n", opt_arg);
      g_free (stat);
      exit (1);
    }
  GString *error = register_tap_listener (
      SIPSCAN_TAP, stat, NULL, TL_REQUIRES_NOTHING, NULL,
      sipscan_stat_packet, sipscan_stat_draw, sipscan_stat_finish);
  if (error)
    {
      fprintf (stderr, "tshark: cannot register the sipscan report: %s\n",
               error->str);
      g_string_free (error, TRUE);
      g_free (stat);
      exit (1);
    }
}

/* Telephony > sipscan: the text report in a window. */
static void
sipscan_menu_report (gpointer data _U_)
{
  const funnel_ops_t *ops = funnel_get_funnel_ops ();
  if (!ops || !ops->new_text_window || !ops->set_text)
    return;
  char *text = NULL;
  size_t size = 0;
  FILE *out = open_memstream (&text, &size);
  if (!out)
    return;
  char *name = capture_name ();
  gboolean ok = sipscan_write_report (out, FALSE, name);
  fclose (out);
  funnel_text_window_t *window = ops->new_text_window (
      ops->ops_id, "sipscan: stuck INVITEs and Digest authentication");
  ops->set_text (window, ok ? text : "No capture file is open.\n");
  free (text);
  g_free (name);
}

void
sipscan_stats_register (void)
{
  static stat_tap_ui ui = {
    .group = REGISTER_STAT_GROUP_TELEPHONY,
    .title = "sipscan: stuck INVITEs and Digest authentication",
    .cli_string = "sipscan",
    .tap_init_cb = sipscan_stat_init,
    .nparams = 0,
    .params = NULL,
  };
  register_stat_tap_ui (&ui, NULL);
  funnel_register_menu ("sipscan: stuck INVITEs and Digest authentication",
                        REGISTER_STAT_GROUP_TELEPHONY,
                        sipscan_menu_report, NULL, NULL, FALSE);
}
