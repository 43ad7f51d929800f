/*
 * render.h — the last stage: results (assets, findings, a matrix, a
 * calendar, rankings) written in every output format, once.
 *
 * Commands build a result with the library and hand it to a renderer; no
 * command formats by hand, so every format is unit-testable and the web
 * server prints exactly what the CLI prints. docs/design.md draws the stage.
 */
#ifndef CC_RENDER_H
#define CC_RENDER_H

#include <jansson.h>

#include "lifecycle.h"
#include "query.h"

/*
 * The one JSON object for an asset (documented in docs/schema.md), used by
 * list, relevance, search, recommend and calendar: the row's fields plus
 * its lifecycle verdict as of l->as_of ("state", "freshness",
 * "stale_reasons", "offered"). Text that is not valid UTF-8 (a file name
 * can hold any bytes) is kept, with U+FFFD for the bad bytes. A row read
 * lean has "fields": {} and "problems": 0. Returns a new reference.
 */
json_t *cc_asset_json(const struct cc_row *r, const struct cc_lifecycle *l);

#endif
