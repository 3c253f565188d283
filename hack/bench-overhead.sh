#!/usr/bin/env bash
# Side by side: the per-step cost of `tutor run` on a tutorial of N one-line
# steps with state carried between them, against the same commands run as N
# separate `bash -c` calls and as one bash script. Prints milliseconds.
set -euo pipefail
tutor=${1:?usage: bench-overhead.sh path/to/tutor [steps] [rounds]}
steps=${2:-200}
rounds=${3:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

{
  printf '# Overhead\n\n```console\n'
  printf '$ export COUNT=0; greet() { echo "hi $1"; }\n'
  for ((i = 0; i < steps; i++)); do
    printf '$ V%d=%d; echo "step %d $COUNT"\nstep %d 0\n' "$i" "$i" "$i" "$i"
  done
  printf '```\n'
} > "$work/post.md"
for ((i = 0; i < steps; i++)); do
  printf 'V%d=%d; echo "step %d $COUNT"\n' "$i" "$i" "$i"
done > "$work/commands.sh"

now() { date +%s%N; }
ms() { awk -v ns="$1" -v n="$2" 'BEGIN { printf "%.2f", ns / 1e6 / n }'; }

best_tutor= best_bashc= best_script=
for ((r = 0; r < rounds; r++)); do
  t0=$(now); "$tutor" run -q "$work/post.md" > /dev/null; t1=$(now)
  d=$((t1 - t0)); [[ -z $best_tutor || $d -lt $best_tutor ]] && best_tutor=$d
  t0=$(now)
  while IFS= read -r line; do COUNT=0 bash -c "$line" > /dev/null; done < "$work/commands.sh"
  t1=$(now)
  d=$((t1 - t0)); [[ -z $best_bashc || $d -lt $best_bashc ]] && best_bashc=$d
  t0=$(now); COUNT=0 bash "$work/commands.sh" > /dev/null; t1=$(now)
  d=$((t1 - t0)); [[ -z $best_script || $d -lt $best_script ]] && best_script=$d
done

printf '%-44s %10s %12s\n' "per-step overhead, $steps steps (best of $rounds)" "total ms" "ms per step"
printf '%-44s %10s %12s\n' "tutor run (state carried, judged)" "$(ms "$best_tutor" 1)" "$(ms "$best_tutor" "$steps")"
printf '%-44s %10s %12s\n' "separate bash -c calls (no state)" "$(ms "$best_bashc" 1)" "$(ms "$best_bashc" "$steps")"
printf '%-44s %10s %12s\n' "one bash script (no isolation, no checks)" "$(ms "$best_script" 1)" "$(ms "$best_script" "$steps")"
awk -v a="$best_tutor" -v b="$best_bashc" 'BEGIN { printf "ratio tutor / bash -c: %.2fx\n", a / b }'
