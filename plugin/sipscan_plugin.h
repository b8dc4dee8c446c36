/* Shared between the post-dissector (packet-sipscan.c), the reports
 * (sipscan_stats.c) and the plugin's entry points (plugin.c). */
#pragma once

#include <stdio.h>

#include <glib.h>

void sipscan_proto_register (void);
void sipscan_proto_reg_handoff (void);
void sipscan_stats_register (void);

/* Writes the report of the capture file being dissected (named name in
 * the text report's title): the CLI's text report, or its JSON Lines when
 * json. Decides the open verdicts first when the first pass has not ended
 * yet (one-pass tshark). FALSE when no file is open. */
gboolean sipscan_write_report (FILE *out, gboolean json, const char *name);
