#!/usr/bin/env bash
# Hostile folders: an index stub planted by someone else never makes kb run a program or open
# anything but its own local databases.
source "$(dirname "$0")/lib.sh"

unset KB_INDEX
mkdir -p shared/index shared/project
cat > evil.sh <<EOS
#!/bin/sh
touch "$WORK/PWNED"
EOS
chmod +x evil.sh
# A "remote" stub line makes Xapian start the program it names.
echo "remote :$WORK/evil.sh" > shared/index/current
for cmd in "search vrede" "stats" "export" "show x" "remove x" "rebuild"; do
  (cd shared/project && "$KB" $cmd >/dev/null 2>"$WORK/.err"); RC=$?; ERR=$(cat "$WORK/.err")
  expect_rc 5 "kb $cmd under a planted remote stub is refused"
  [ ! -e "$WORK/PWNED" ] && pass "kb $cmd ran nothing" || { fail "kb $cmd ran the stub's program"; rm -f "$WORK/PWNED"; }
done
expect_contains "$ERR" "is not one kb wrote" "the message says why"
(cd shared/project && printf '{"title":"x"}' | "$KB" add - >/dev/null 2>&1)
[ ! -e "$WORK/PWNED" ] && pass "kb add ran nothing" || fail "kb add ran the stub's program"
# A stub naming a database outside the index folder, or another backend, is refused too.
for stub in "auto /etc" "auto ../elsewhere" "glass db-1-1/../../x" "inmemory"; do
  echo "$stub" > shared/index/current
  (cd shared/project && "$KB" search vrede >/dev/null 2>&1); RC=$?
  expect_rc 5 "stub '$stub' is refused"
done
# A FIFO in the stub's place never holds a search up: kb reads the stub only as a regular file.
rm shared/index/current && mkfifo shared/index/current
(cd shared/project && timeout 20 "$KB" search vrede >/dev/null 2>"$WORK/.err"); RC=$?; ERR=$(cat "$WORK/.err")
expect_rc 5 "a FIFO as the stub is refused, not waited on"
expect_contains "$ERR" "not a regular file" "the message says what the stub is"

finish
