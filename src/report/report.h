/* Writers of an analysis: a human text report or JSON Lines. A report is a
 * sink for the analyzer's findings plus a finish step that writes what is
 * only known at the end (counters, and for text, everything). */
#pragma once

#include "sipscan.h"

#include <stdio.h>

typedef struct _Report Report;

/* inputs: the names of the analysed files, NULL-terminated. */
Report *report_new_text (FILE *out, const SipscanOptions *options,
                         const char *const *inputs);
Report *report_new_json (FILE *out);

const SipscanSink *report_get_sink (Report *report);
void report_finish (Report *report, const SipscanAnalyzer *analyzer);
void report_free (Report *report);
