# fish completion for stretch

set -l commands list show start validate new
complete -c stretch -f
complete -c stretch -n "not __fish_seen_subcommand_from $commands" -a list -d "Show the routines"
complete -c stretch -n "not __fish_seen_subcommand_from $commands" -a show -d "Show a routine's plan"
complete -c stretch -n "not __fish_seen_subcommand_from $commands" -a start -d "Run a routine"
complete -c stretch -n "not __fish_seen_subcommand_from $commands" -a validate -d "Check routine files"
complete -c stretch -n "not __fish_seen_subcommand_from $commands" -a new -d "Write a starter routine"
complete -c stretch -n "not __fish_seen_subcommand_from $commands" -l version -d "Show the version"
complete -c stretch -n "__fish_seen_subcommand_from show start" -a "(stretch list --names 2>/dev/null)"
complete -c stretch -n "__fish_seen_subcommand_from show start validate" -F -a "*.json"
complete -c stretch -n "__fish_seen_subcommand_from list show start" -l format -x -a "auto text json"
complete -c stretch -n "__fish_seen_subcommand_from list" -l names -d "Names only"
complete -c stretch -n "__fish_seen_subcommand_from show start" -l flow -x -d "Seconds of each flow"
complete -c stretch -n "__fish_seen_subcommand_from show start" -l rest -x -d "Seconds of rest"
complete -c stretch -n "__fish_seen_subcommand_from show start" -l rounds -x -d "Rounds of each stretch"
complete -c stretch -n "__fish_seen_subcommand_from start" -l dry-run -d "Whole session at once"
complete -c stretch -n "__fish_seen_subcommand_from start" -l speed -x -d "Time runs this many times faster"
complete -c stretch -n "__fish_seen_subcommand_from start" -l color -x -a "auto always never"
complete -c stretch -n "__fish_seen_subcommand_from start" -l bell -d "Ring the bell at each phase"
complete -c stretch -n "__fish_seen_subcommand_from start" -l say -d "Speak the cues"
complete -c stretch -n "__fish_seen_subcommand_from start" -l say-cmd -x -d "Speech program"
