#!/usr/bin/env bash
# CLI conventions, for EVERY command and subcommand in the command table (read from
# `zl generate json`, so commands added later are covered without editing this test):
# --help/-h print usage to stdout and exit 0; --version/-V exit 0; a misspelt option (or
# subcommand) exits 2 with "did you mean" on stderr and nothing on stdout; a wrong-case
# value of every option with fixed choices is accepted; read-only commands never create
# a database. Then the global options anywhere, exit codes, the man page, bash
# completion and `make install` (cmake --install).
source "$ZL_SOURCE_DIR/tests/e2e/lib.sh"
NODB=$(missing_db nothere)

"$ZL" generate json >"$TMP/commands.json"
# One line per command or subcommand: path|flags|first option|misspelt option|choice opts
python3 - "$TMP/commands.json" "$TMP/planned.txt" >"$TMP/nodes.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
def misspell(name):
    # one wrong letter after the first: a typo the suggester must catch
    return name[0] + ("z" if name[1] == "x" else "x") + name[2:]
def walk(n):
    opts = n["options"]
    subs = n["subcommands"]
    flags = ("c" if n["creates_db"] else "") + ("n" if n["no_db"] else "") + ("s" if subs else "")
    if not n["described"]:
        flags += "u"
    if subs:
        sub = subs[0]["path"].split()[-1]
        target, typo = sub, misspell(sub)
    elif opts:
        target, typo = "--" + opts[0]["name"], "--" + misspell(opts[0]["name"])
    else:
        target, typo = "--quiet", "--qiuet"
    choices = ";".join("--%s=%s" % (o["name"], o["choices"].split("|")[-1].upper())
                       for o in opts if o.get("choices"))
    names = [o["name"] for o in opts]
    if "json" in names and "csv" not in names and n["path"] not in ("registry import", "rare show"):
        flags += "j"  # a table without --csv
    print("|".join([n["path"], flags, target, typo, choices]))
    # The checks the walk below runs for this node: --help, -h, --version, -V, the typo,
    # one per choice option, and the no-database check for read-only leaves.
    readonly = not (n["creates_db"] or n["no_db"] or subs or n["path"] == "serve")
    planned[0] += 5 + sum(1 for o in opts if o.get("choices")) + (1 if readonly else 0)
    for s in subs:
        walk(s)
planned = [0]
for c in d["commands"]:
    walk(c)
open(sys.argv[2], "w").write(str(planned[0]))
PY
nodes=$(wc -l <"$TMP/nodes.txt")
check "the command table lists at least 30 commands and subcommands ($nodes)" test "$nodes" -ge 30

while IFS='|' read -r path flags target typo choices; do
  read -ra words <<<"$path"
  if [[ $flags == *u* ]]; then
    # Every command is described by a zl_cmd_spec in its cmd_*.c file.
    not_ok "zl $path has no description (a zl_cmd_spec in its cmd_*.c file)"
    continue
  fi
  if [[ $flags == *j* ]]; then
    not_ok "zl $path has --json but no --csv"
  fi
  for h in --help -h; do
    rc=0
    "$ZL" "${words[@]}" "$h" >"$TMP/out" 2>"$TMP/err" || rc=$?
    if [ "$rc" -eq 0 ] && grep -q "^usage: zl $path" "$TMP/out" && [ ! -s "$TMP/err" ]; then
      ok "zl $path $h: usage on stdout, exit 0"
    else
      not_ok "zl $path $h: exit $rc, stdout '$(head -1 "$TMP/out")', stderr '$(head -1 "$TMP/err")'"
    fi
  done
  for v in --version -V; do
    rc=0
    "$ZL" "${words[@]}" "$v" >"$TMP/out" 2>"$TMP/err" || rc=$?
    if [ "$rc" -eq 0 ] && grep -q "^zorglandschap [0-9]" "$TMP/out" && [ ! -s "$TMP/err" ]; then
      ok "zl $path $v: exit 0"
    else
      not_ok "zl $path $v: exit $rc, stdout '$(head -1 "$TMP/out")'"
    fi
  done
  rc=0
  db_remove "$NODB"
  "$ZL" --db "$NODB" "${words[@]}" "$typo" >"$TMP/out" 2>"$TMP/err" || rc=$?
  if [ "$rc" -eq 2 ] && grep -qF "did you mean '$target'" "$TMP/err" && [ ! -s "$TMP/out" ]; then
    ok "zl $path $typo: exit 2, suggests $target"
  else
    not_ok "zl $path $typo: exit $rc, stderr '$(head -1 "$TMP/err")'"
  fi
  IFS=';' read -ra chs <<<"$choices"
  for c in "${chs[@]}"; do
    rc=0
    "$ZL" --db "$NODB" "${words[@]}" "$c" >"$TMP/out" 2>"$TMP/err" || rc=$?
    if ! grep -q "is not one of" "$TMP/err"; then
      ok "zl $path $c: the value is accepted in any case (exit $rc)"
    else
      not_ok "zl $path $c: $(head -1 "$TMP/err")"
    fi
  done
  # Run with only the database option: a read-only command must not create it.
  if [[ $flags != *c* && $flags != *n* && $flags != *s* && $path != serve ]]; then
    rc=0
    "$ZL" "${words[@]}" --db "$NODB" >"$TMP/out" 2>"$TMP/err" </dev/null || rc=$?
    if ! db_exists "$NODB" && [ "$rc" -ne 0 ]; then
      ok "zl $path --db MISSING: no database created (exit $rc)"
    else
      not_ok "zl $path --db MISSING: exit $rc, created: $(db_exists "$NODB" && echo yes || echo no)"
    fi
    db_remove "$NODB"
  fi
done <"$TMP/nodes.txt"

# The message, the exit code and --db after the command.
rc=0
"$ZL" rare find marfan --db "$NODB" >"$TMP/out" 2>"$TMP/err" || rc=$?
check "a missing database is an error, exit 1 ($rc)" test "$rc" -eq 1
# On PostgreSQL the server's answer, after the URI with its password masked (zl cannot
# create a database there, so there is nothing to advise).
if on_pg; then
  missing_msg="$(db_shown "$NODB"): cannot connect to PostgreSQL:"
  missing_why="FATAL:  database \"$(pg_dbname "$NODB")\" does not exist"
else
  missing_msg="zl: no database at $NODB: run \`zl demo\` or import data first"
  missing_why="no database at $NODB"
fi
check "the message names the file and what to do" \
  bash -c 'grep -qF -- "$1" "$3" && grep -qF -- "$2" "$3"' _ "$missing_msg" "$missing_why" "$TMP/err"
check "and nothing on stdout" test ! -s "$TMP/out"
check "and no file was created" db_absent "$NODB"
rc=0
"$ZL" serve --listen 127.0.0.1:0 --db "$NODB" >/dev/null 2>"$TMP/err" || rc=$?
check "zl serve ... --db MISSING refuses to start, exit 1 ($rc)" test "$rc" -eq 1
check "zl serve names the missing database" grep -qF -- "$missing_why" "$TMP/err"

# Exit codes and streams of the top level.
rc=0; "$ZL" >/dev/null 2>"$TMP/err" || rc=$?
check "zl without a command: usage on stderr, exit 2 ($rc)" test "$rc" -eq 2 -a -s "$TMP/err"
rc=0; "$ZL" impct >/dev/null 2>"$TMP/err" || rc=$?
check "unknown command: exit 2 ($rc)" test "$rc" -eq 2
check "unknown command: did you mean" grep -qF "did you mean 'impact'" "$TMP/err"
rc=0; "$ZL" --version >"$TMP/out" || rc=$?
check "zl --version: exit 0 ($rc)" test "$rc" -eq 0
check "zl --help lists every command" \
  bash -c "'$ZL' --help | grep -c '^  [a-z]' | xargs test $(python3 -c "import json;print(len(json.load(open('$TMP/commands.json'))['commands']))") -le"
expect_fail "a choice suggests the closest" "did you mean 'region'" impact --rule regio
expect_fail "an unknown value lists the valid ones" "is not one of choice, share, nearest, region" impact --rule x
expect_fail "an option without its value" "--intervention needs a value" impact --intervention
expect_fail "a flag with a value" "--json takes no value" norms --json=yes
expect_fail "an unknown import kind lists the kinds" "the kinds are areas, area-ages" import nope x

# Global options anywhere; codes in any case on the fixture landscape.
L="$FIX/landscape"
DB=$(new_db fixture)
for kv in areas:areas area-ages:area_ages locations:locations regions:regions \
          interventions:interventions volumes:volumes; do
  "$ZL" import "${kv%%:*}" "$L/${kv#*:}.csv" --db "$DB" >/dev/null
done
check "--db after the command's arguments (import ... --db)" db_exists "$DB"
check "--intervention lung finds LUNG" bash -c "'$ZL' norms --intervention lung --db '$DB' | grep -q LUNG"
check "import kind in capitals" bash -c "'$ZL' --db '$DB' import AREAS '$L/areas.csv' >/dev/null"
expect_fail "an unknown intervention lists the valid codes" "valid codes: LUNG, PANC" \
  --db "$DB" norms --intervention lungs
check "--quiet anywhere" bash -c "'$ZL' norms --quiet --db '$DB' -q >/dev/null"
"$ZL" --db "$DB" norms --csv >"$TMP/norms.csv"
check "norms --csv: a CSV table labelled synthetic, one row per intervention and location" \
  python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); assert len(r) == 4 and r[0]['intervention'] == 'LUNG' and r[0]['synthetic'] == 'true' and r[0]['meets_norm'] in ('true','false'), r" "$TMP/norms.csv"
rc=0; "$ZL" --db "$DB" norms --year 1999 >/dev/null 2>"$TMP/err" || rc=$?
check "norms for a year without volumes: exit 1 ($rc), not 0 of 0" test "$rc" -eq 1
check "... saying so" grep -q "no intervention has volumes" "$TMP/err"
out=$("$ZL" --db "$DB" norms --intervention PANC)
check "an illustrative norm is marked in the table" grep -q "ILLUSTRATIVE" <<<"$out"

# Man page and bash completion, from the same description.
"$ZL" generate man >"$TMP/zl.1"
while IFS='|' read -r path _; do
  grep -qF -- "$(sed 's/-/\\-/g' <<<"zl $path")" "$TMP/zl.1" || not_ok "man page lacks 'zl $path'"
done <"$TMP/nodes.txt"
ok "the man page names every command and subcommand"
if command -v groff >/dev/null; then
  check "the man page renders without warnings" \
    bash -c "groff -man -Tutf8 -ww '$TMP/zl.1' 2>'$TMP/groff.err' >/dev/null && ! [ -s '$TMP/groff.err' ]"
fi
check "EXIT STATUS documents code 3" grep -q "partial import" "$TMP/zl.1"
"$ZL" generate bash-completion --out "$TMP/zl.bash"
complete_words() { # line... -> completions
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _zl; printf "%s\n" "${COMPREPLY[@]}"' _ "$TMP/zl.bash" "$@"
}
check "completion: commands" bash -c "$(declare -f complete_words); TMP='$TMP'; complete_words zl ra | grep -qx rare"
check "completion: subcommands" bash -c "$(declare -f complete_words); TMP='$TMP'; complete_words zl rare f | grep -qx find"
check "completion: options" bash -c "$(declare -f complete_words); TMP='$TMP'; complete_words zl impact --interv | grep -qx -- --intervention"
check "completion: choices" bash -c "$(declare -f complete_words); TMP='$TMP'; complete_words zl impact --rule '' | grep -qx region"
check "completion: global options after the command" bash -c "$(declare -f complete_words); TMP='$TMP'; complete_words zl norms --d | grep -qx -- --db"

# make install puts zl, the man page and the completion in place.
if [ -n "${ZL_BUILD_DIR:-}" ] && [ -f "$ZL_BUILD_DIR/zl.1" ]; then
  check "cmake --install" cmake --install "$ZL_BUILD_DIR" --prefix "$TMP/inst"
  check "installed: bin/zl" test -x "$TMP/inst/bin/zl"
  check "installed: man page" test -s "$TMP/inst/share/man/man1/zl.1"
  check "installed: bash completion" test -s "$TMP/inst/share/bash-completion/completions/zl"
else
  not_ok "the build did not generate zl.1 (ZL_BUILD_DIR=${ZL_BUILD_DIR:-unset})"
fi
# The walk planned its own checks per node; the rest of this file runs FIXED_CHECKS.
FIXED_CHECKS=38
finish $(($(cat "$TMP/planned.txt") + FIXED_CHECKS))
