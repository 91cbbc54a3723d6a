# Writes the man page (with help2man) and the shell completions from the built kb itself, so they always describe
# the binary they are installed with. Run at build time:
#   cmake -DKB=path/to/kb -DHELP2MAN=path/to/help2man -DVERSION=x.y.z -DOUT=dir -P generated_docs.cmake
foreach(var KB HELP2MAN VERSION OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "generated_docs.cmake: set -D${var}")
  endif()
endforeach()

function(run_kb output_var)
  execute_process(COMMAND ${KB} ${ARGN} OUTPUT_VARIABLE text RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "`kb ${ARGN}` failed (exit ${rc})")
  endif()
  set(${output_var} "${text}" PARENT_SCOPE)
endfunction()

foreach(shell bash zsh fish)
  run_kb(script completion ${shell})
  file(WRITE ${OUT}/completion.${shell} "${script}")
endforeach()

# The subcommands, as `kb --help` lists them under "Subcommands:", up to the next blank line.
run_kb(main_help --help)
string(FIND "${main_help}" "\nSubcommands:\n" start)
if(start EQUAL -1)
  message(FATAL_ERROR "no Subcommands: heading in `kb --help`")
endif()
string(SUBSTRING "${main_help}" ${start} -1 listing)
string(FIND "${listing}" "\n\n" end)
string(SUBSTRING "${listing}" 0 ${end} listing)
string(REGEX MATCHALL "\n  [a-z]+ " entries "${listing}")
set(subcommands "")
foreach(entry ${entries})
  string(STRIP "${entry}" entry)
  string(REGEX REPLACE " .*" "" entry "${entry}")
  list(APPEND subcommands ${entry})
endforeach()
if(NOT subcommands)
  message(FATAL_ERROR "no subcommands found in `kb --help`")
endif()

# help2man's include file: each subcommand's --help, verbatim (roff-escaped), in a COMMANDS
# section, and the environment and files kb reads.
set(include "[NAME]\nkb \\- Kennisbank: index HTML, XML and JSON documents and search them\n\n[COMMANDS]\n")
foreach(sub ${subcommands})
  run_kb(sub_help ${sub} --help)
  string(REPLACE "\\" "\\e" sub_help "${sub_help}")
  # A line that starts with . or ' would be read as a roff request.
  string(PREPEND sub_help "\n")
  string(REPLACE "\n." "\n\\&." sub_help "${sub_help}")
  string(REPLACE "\n'" "\n\\&'" sub_help "${sub_help}")
  string(SUBSTRING "${sub_help}" 1 -1 sub_help)
  string(APPEND include ".SS \"kb ${sub}\"\n.nf\n${sub_help}.fi\n")
endforeach()
string(APPEND include [=[
[ENVIRONMENT]
.TP
.B KB_INDEX
The index folder to use when no \fB\-\-index\fR is given. An index named here or with
\fB\-\-index\fR is used as named; one found in a parent folder must belong to you.
.TP
.B XDG_DATA_HOME
The default index is \fI$XDG_DATA_HOME/kennisbank/index\fR (else \fI~/.local/share/kennisbank/index\fR).
.TP
.B NO_COLOR
When set, no colour unless \fB\-\-color always\fR.
.TP
.B TMPDIR
Where \fBkb export\fR keeps its scratch files when writing to stdout.
.TP
.B KB_ALLOCATOR
\fBsystem\fR: \fBkb add\fR and \fBkb rebuild\fR allocate with glibc's malloc instead of
mimalloc (\fIlibmimalloc.so.2\fR, when installed), and the other commands leave glibc's heap as
it is, where otherwise they continue it on transparent huge pages (fewer page faults; a few MB
more memory). With mimalloc, kb sets \fBMIMALLOC_ALLOW_DECOMMIT=0\fR and
\fBMIMALLOC_LARGE_OS_PAGES=1\fR unless they are set already: an import keeps the memory it frees
for reuse.

[FILES]
.TP
.I index/
An index: the stub \fIcurrent\fR names the live Xapian database \fIdb\-*\fR; \fIwrite.lock\fR is the writers' lock.
.TP
.I /usr/lib/systemd/system/kb\-rebuild.service, kb\-rebuild.timer
A nightly \fBkb rebuild\fR of \fI/srv/kb/index\fR (under \fI/usr/local/lib\fR after \fBcmake \-\-install\fR).

[SEE ALSO]
.BR xapian\-check (1),
.BR xapian\-tcpsrv (1),
.BR systemd.timer (5).
The README (\fI/usr/share/doc/kennisbank/README.md\fR) describes the query language, the formats and the index.
]=])
file(WRITE ${OUT}/kb.h2m "${include}")

if(NOT HELP2MAN)
  return()  # CMakeLists.txt has warned: no man page
endif()
execute_process(
  COMMAND ${HELP2MAN} --no-info --section=1 --version-string=${VERSION}
          --source=Kennisbank --manual=Kennisbank
          --include=${OUT}/kb.h2m --output=${OUT}/kb.1 ${KB}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man failed (exit ${rc})")
endif()
# Debian ships man pages compressed; -n leaves out the time stamp so builds are reproducible.
execute_process(COMMAND gzip -9nf ${OUT}/kb.1 RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip of kb.1 failed")
endif()
