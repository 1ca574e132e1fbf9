# bash completion for stretch

_stretch() {
  local cur prev command
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD - 1]}
  command=${COMP_WORDS[1]}

  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "list show start validate new history stats resume remind status config --help --version" -- "$cur"))
    return
  fi

  case $prev in
    --format)
      if [[ $command == history ]]; then
        COMPREPLY=($(compgen -W "auto text json csv ics" -- "$cur"))
      elif [[ $command == status ]]; then
        COMPREPLY=($(compgen -W "text json waybar" -- "$cur"))
      else
        COMPREPLY=($(compgen -W "auto text json" -- "$cur"))
      fi
      return
      ;;
    --color)
      COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
      return
      ;;
    --alert)
      COMPREPLY=($(compgen -W "auto desktop terminal tmux bell" -- "$cur"))
      return
      ;;
    --speed | --flow | --rest | --rounds | --say-cmd | --every | --snooze | --since | --until | -n | --last | --hours | --days | --at | --break | --pause | --pause-until | --lang | --ask)
      return
      ;;
    --status-file)
      COMPREPLY=($(compgen -f -- "$cur"))
      return
      ;;
    --terminal)
      COMPREPLY=($(compgen -c -- "$cur"))
      return
      ;;
  esac

  local options
  case $command in
    list) options="--format --area --names --help" ;;
    show) options="--format --flow --rest --rounds --minutes --area --help" ;;
    start) options="--format --dry-run --speed --flow --rest --rounds --minutes --area --color --bell --no-bell --say --no-say --say-cmd --no-history --history --status-file --help" ;;
    resume) options="--format --dry-run --speed --color --bell --no-bell --say --no-say --say-cmd --no-history --history --status-file --help" ;;
    history) options="--format --last --since --until --help" ;;
    stats) options="--format --since --until --help" ;;
    config) options="--path --format --help" ;;
    new) options="--config --help" ;;
    remind) options="--every --hours --days --at --snooze --terminal --alert --break --status --pause --pause-until --resume --now --skip --ask --help" ;;
    status) options="--format --help" ;;
    validate) options="--lang --help" ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
    return
  fi
  case $command in
    show | start | remind | validate)
      COMPREPLY=($(compgen -W "$(stretch list --names 2>/dev/null)" -- "$cur"))
      COMPREPLY+=($(compgen -f -X '!*.json' -- "$cur"))
      ;;
  esac
}

complete -F _stretch stretch
