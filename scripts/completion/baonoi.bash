# baonoi.bash: bash completion for baonoi: its commands, its options (read from baonoi --help,
# so that they never drift from it), voice names (baonoi --list-voices), audio formats,
# folders for an edition's -d, and files. Installed as PREFIX/share/bash-completion/completions/baonoi.
_baonoi()
{
	local cur prev words cword
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	case $prev in
	-v | --voice)
		COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" --list-voices 2>/dev/null | cut -d' ' -f1)" -- "$cur"))
		compopt -o filenames 2>/dev/null
		COMPREPLY+=($(compgen -f -X '!*.voice' -- "$cur") $(compgen -d -- "$cur"))
		return
		;;
	--format)
		COMPREPLY=($(compgen -W "wav flac ogg opus mp3 raw" -- "$cur"))
		return
		;;
	-d | --device | --dir)
		# In `baonoi edition`, -d is the edition's folder.
		if [[ " ${COMP_WORDS[*]} " == *" edition "* || $prev == --dir ]]; then
			compopt -o filenames 2>/dev/null
			COMPREPLY=($(compgen -d -- "$cur"))
			return
		fi
		local IFS=$'\n'
		COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" --list-devices 2>/dev/null | sed 's/^ *\([0-9]*\).*/\1/')" -- "$cur"))
		return
		;;
	-r | -s | --rate | -p | --pitch | -a | --volume | -j | --jobs | --timeout | --max-size | \
		--since | --limit | --base-url | --shard)
		return
		;;
	-o | -w | --output | --timings | --keys | --lexicon)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u)" -- "$cur"))
		return
	fi
	local words_before=" ${COMP_WORDS[*]:1:COMP_CWORD-1} "
	local cmds="text json sentences spoken split normalize edition"
	local c has_cmd=
	for c in $cmds; do [[ $words_before == *" $c "* ]] && has_cmd=1; done
	compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen -f -- "$cur"))
	[ -z "$has_cmd" ] && COMPREPLY+=($(compgen -W "$cmds" -- "$cur"))
}
complete -F _baonoi baonoi
