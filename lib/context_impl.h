/*
 * context_impl.h — what context.c (without libgit2) and context_git.c
 * (through libgit2) share of finding a context; not for other files.
 */
#ifndef CC_CONTEXT_IMPL_H
#define CC_CONTEXT_IMPL_H

#include "context.h"

/* p without trailing slashes (a new string; "/" stays "/"). */
char *cc_ctx_strip_slash(const char *p);
/* A new context on the start directory (opts->dir resolved), or NULL with cc_error set. */
struct cc_ctx *cc_ctx_start(const struct cc_ctx_options *opts);
/* Loads the config (--config, else found from the start directory up to
 * root) and sets the index's path; 0, or -1 with cc_error set. */
int cc_ctx_config(struct cc_ctx *ctx, const struct cc_ctx_options *opts, struct cc_problems *problems);
/* 1 when the index is proven current without libgit2 (ctx ready, repo NULL,
 * proven_current set), else 0 with whatever was found left for cc_ctx_reset. */
int cc_ctx_try_proven(struct cc_ctx *ctx, const struct cc_ctx_options *opts, struct cc_problems *problems);
/* Everything found from the start directory released: the context as before discovery. */
void cc_ctx_reset(struct cc_ctx *ctx);

#endif
