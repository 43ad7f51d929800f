# bash completion for contentcal                          -*- shell-script -*-
# Installed as PREFIX/share/bash-completion/completions/contentcal.
#
# Completes commands, global and per-command options, --format values, and
# --stage/--persona/--topic values as the index knows them (read with
# `contentcal --no-index sql`, so a TAB never re-indexes), and template
# names for `contentcal new` (from `contentcal new --list`).

_contentcal_commands="index list lint new sql calendar coverage gaps ingest relevance search recommend report crm influence serve demand workload set reschedule plan audit help"
_contentcal_global="-C --db --config --rev --worktree --no-index --threads --version --help"

# _contentcal_run ARGS...: runs contentcal with the global options already typed.
_contentcal_run()
{
	command "${_contentcal_bin:-contentcal}" "${_contentcal_gopts[@]}" "$@" 2>/dev/null
}

_contentcal_tags()
{
	_contentcal_run --no-index sql --format csv \
		"SELECT DISTINCT value FROM asset_tags WHERE dimension = '$1' ORDER BY value" |
		tail -n +2 | tr -d '\r'
}

_contentcal()
{
	local cur prev words cword
	if declare -F _init_completion >/dev/null 2>&1; then
		_init_completion -n = || return
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD-1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi
	_contentcal_bin=${words[0]}
	_contentcal_gopts=()

	# Find the command, remembering global options that change the repository.
	local i cmd="" cmdpos=0
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-C | --db | --config | --rev | --threads)
			_contentcal_gopts+=("${words[i]}" "${words[i+1]}")
			((i++)) ;;
		--worktree | --no-index) ;;
		-*) ;;
		*) cmd=${words[i]}; cmdpos=$i; break ;;
		esac
	done

	case $prev in
	-C) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	--db | --config | -o | --output | --ratings) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--rev | --since)
		COMPREPLY=($(compgen -W "HEAD $(git for-each-ref --format='%(refname:short)' 2>/dev/null)" -- "$cur"))
		return ;;
	--threads | --limit | --top | --bottom) return ;;
	--stage) COMPREPLY=($(compgen -W "$(_contentcal_tags stage)" -- "$cur")); return ;;
	--persona) COMPREPLY=($(compgen -W "$(_contentcal_tags persona)" -- "$cur")); return ;;
	--topic) COMPREPLY=($(compgen -W "$(_contentcal_tags topic)" -- "$cur")); return ;;
	--status) COMPREPLY=($(compgen -W "idea draft review approved scheduled published archived" -- "$cur")); return ;;
	--quarter) COMPREPLY=($(compgen -W "current next previous" -- "$cur")); return ;;
	--as-of | --date) COMPREPLY=($(compgen -W "$(date +%F 2>/dev/null)" -- "$cur")); return ;;
	--by)
		if [[ $cmd == influence ]]; then
			COMPREPLY=($(compgen -W "asset persona-stage topic format" -- "$cur"))
		elif [[ $cmd == workload ]]; then
			COMPREPLY=($(compgen -W "owner author" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "persona topic" -- "$cur"))
		fi
		return ;;
	--model | --models)
		COMPREPLY=($(compgen -W "first-touch last-touch lead-creation linear u-shaped w-shaped full-path time-decay custom $([[ $prev == --models ]] && echo all)" -- "$cur"))
		return ;;
	--preset)
		COMPREPLY=($(compgen -W "touches hubspot-activity hubspot-forms salesforce-campaign-member salesforce-opportunity salesforce-opportunity-history salesforce-contact-role hubspot-deals contacts" -- "$cur"))
		return ;;
	--explain)
		if [[ $cmd == influence ]]; then return; fi ;;
	--fail-on)
		if [[ $cmd == gaps ]]; then
			COMPREPLY=($(compgen -W "error warning none" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "error warning" -- "$cur"))
		fi
		return ;;
	--sort)
		COMPREPLY=($(compgen -W "path date title slug status format words created updated author due" -- "$cur"))
		return ;;
	--format)
		local f
		case $cmd in
		list) f="text json jsonl csv" ;;
		lint) f="text line json github sarif junit" ;;
		calendar) f="text json csv ics" ;;
		coverage | relevance | sql) f="text json csv" ;;
		gaps) f="text line json github sarif junit markdown" ;;
		ingest | crm) f="text json" ;;
		search | recommend) f="text json" ;;
		report) f="html markdown" ;;
		demand) f="text json csv" ;;
		plan) f="markdown yaml json" ;;
		audit) f="text csv json" ;;
		*) f="text json csv" ;;
		esac
		COMPREPLY=($(compgen -W "$f" -- "$cur"))
		return ;;
	--source | --where) return ;;
	esac

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$_contentcal_global" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$_contentcal_commands" -- "$cur"))
		fi
		return
	fi

	local opts=""
	case $cmd in
	index) opts="--rev --worktree --full-text --threads --require-history --check --quiet" ;;
	list) opts="--stage --persona --topic --status --where --sort --limit --as-of --format" ;;
	lint) opts="--format --fail-on --since" ;;
	new) opts="--stage --persona --topic --date --status --list --force" ;;
	sql) opts="--format --timeout --max-rows" ;;
	calendar) opts="--quarter --as-of --stage --persona --topic --status --deadlines --format" ;;
	coverage) opts="--quarter --as-of --by --format" ;;
	gaps) opts="--quarter --as-of --since --fail-on-new --format --fail-on" ;;
	ingest) opts="--preset --period --asset --source --skip-bad --strict --format --max-bytes --ratings" ;;
	relevance) opts="--stage --persona --topic --top --bottom --retire --all --as-of --explain --format" ;;
	search) opts="--stage --persona --topic --format --limit --include-stale --all --explain --as-of" ;;
	recommend) opts="--persona --stage --topic --limit --include-stale --as-of --format" ;;
	report) opts="--quarter --as-of --format --output -o" ;;
	crm) opts="--preset --format" ;;
	influence) opts="--model --models --by --since --as-of --explain --nurture --format" ;;
	serve) opts="--listen --base-url --auth-token-file --trusted-proxy --proxy-header --insecure-no-auth --workers --max-connections --timeout --poll-ms" ;;
	demand) opts="--since --weak --limit --format" ;;
	workload) opts="--quarter --as-of --by --format" ;;
	set) opts="--where --dry-run" ;;
	plan) opts="--quarter --as-of --format --apply" ;;
	audit) opts="--as-of --format" ;;
	reschedule) opts="--dry-run" ;;
	help) COMPREPLY=($(compgen -W "$_contentcal_commands" -- "$cur")); return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
		return
	fi
	# Positional arguments.
	local npos=0
	for ((i = cmdpos + 1; i < cword; i++)); do
		case ${words[i]} in
		--stage | --persona | --topic | --date | --status | --format | --source | --quarter | \
		--as-of | --since | --by | --fail-on | --limit | --top | --bottom | --where | --sort | \
		--rev | --threads | -o | --output | --model | --models | --preset | --explain) ((i++)) ;;
		-*) ;;
		*) ((npos++)) ;;
		esac
	done
	case $cmd in
	new)
		if ((npos == 0)); then
			COMPREPLY=($(compgen -W "$(_contentcal_run new --list | awk '{print $1}' | sort -u)" -- "$cur"))
		fi ;;
	ingest) COMPREPLY=($(compgen -f -- "$cur")) ;;
	crm)
		if ((npos == 0)); then
			COMPREPLY=($(compgen -W "import" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	esac
}
complete -F _contentcal contentcal
