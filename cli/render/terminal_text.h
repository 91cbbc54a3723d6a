// The one gate between untrusted text (document fields, file names, messages that quote them)
// and a person's terminal: control sequences are shown, never obeyed.
#pragma once
#include <string>
#include <string_view>

namespace kb::cli {

// Whether newlines in the text are layout (a document body) or data (a title, a file name,
// one line of an error message, where a newline could forge a line of its own).
enum class TextLayout { SingleLine, MultiLine };

// Returns `text` with everything a terminal would act on made visible:
//   C0 controls and DEL in caret notation (ESC is ^[, BEL ^G, CR ^M, DEL ^?), except tab, and
//     newline in MultiLine layout;
//   C1 controls (U+0080..U+009F) and the bidi embeddings, overrides and isolates
//     (U+202A..U+202E, U+2066..U+2069) as <U+XXXX>;
//   bytes that are not valid UTF-8 as U+FFFD, one per byte.
// Applying it twice changes nothing more. kb's own colour codes are added after it, never before.
std::string terminal_text(std::string_view text, TextLayout layout = TextLayout::SingleLine);

}  // namespace kb::cli
