/*
 * calopts.c — --as-of and --quarter for calendar, coverage and gaps.
 */
#include "calopts.h"

#include <stdio.h>

#include "date.h"

int cc_calopts_resolve(struct cc_calopts *o, const struct cc_env *env)
{
	const struct cc_config *cfg = &env->ctx->cfg;
	if (o->as_of_arg) {
		if (cc_parse_as_of(env, o->as_of_arg, &o->as_of))
			return CC_EXIT_ERROR;
	} else {
		o->as_of = cc_today();
	}
	if (cc_quarter_parse(&o->quarter, o->quarter_arg ? o->quarter_arg : "current", o->as_of,
			     cfg->calendar.fiscal_year_start, cfg->calendar.week_start) < 0)
		return cc_usage_error(env, "--quarter: %s", cc_error_last());
	return 0;
}
