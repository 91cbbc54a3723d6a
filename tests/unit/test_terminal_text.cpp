// cli/render/terminal_text: what a terminal would obey is shown instead.
#include <doctest/doctest.h>

#include <string>

#include "render/terminal_text.h"

using kb::cli::terminal_text;
using kb::cli::TextLayout;

TEST_CASE("plain text, UTF-8 letters and tabs pass unchanged") {
    CHECK(terminal_text("Vrouwen, vrede & veiligheid") == "Vrouwen, vrede & veiligheid");
    CHECK(terminal_text("Caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x95\x8A\xEF\xB8\x8F") == "Caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x95\x8A\xEF\xB8\x8F");
    CHECK(terminal_text("a\tb") == "a\tb");
    CHECK(terminal_text("") == "");
}

TEST_CASE("escape sequences are shown in caret notation, never passed") {
    CHECK(terminal_text("x\x1b[2Jy") == "x^[[2Jy");
    CHECK(terminal_text("\x1b]52;c;SGVsbG8=\x07") == "^[]52;c;SGVsbG8=^G");
    CHECK(terminal_text("\x1b]8;;http://evil\x1b\\link") == "^[]8;;http://evil^[\\link");
    CHECK(terminal_text(std::string("a\0b", 3)) == "a^@b");
    CHECK(terminal_text("a\x7f") == "a^?");
    CHECK(terminal_text("over\rwrite") == "over^Mwrite");
}

TEST_CASE("newlines are layout only in multi-line text") {
    CHECK(terminal_text("one\ntwo") == "one^Jtwo");
    CHECK(terminal_text("one\ntwo", TextLayout::MultiLine) == "one\ntwo");
    CHECK(terminal_text("one\r\ntwo", TextLayout::MultiLine) == "one^M\ntwo");
    CHECK(terminal_text("p\x1b[31m\n", TextLayout::MultiLine) == "p^[[31m\n");
}

TEST_CASE("C1 controls and bidi overrides are shown as code points") {
    CHECK(terminal_text("a\xC2\x9B" "2Jb") == "a<U+009B>2Jb");  // CSI in its 8-bit form
    CHECK(terminal_text("\xC2\x80\xC2\x9F") == "<U+0080><U+009F>");
    CHECK(terminal_text("\xC2\xA0") == "\xC2\xA0");  // no-break space, just past C1
    CHECK(terminal_text("file\xE2\x80\xAEgpj.exe") == "file<U+202E>gpj.exe");
    CHECK(terminal_text("\xE2\x80\xAA\xE2\x81\xA6\xE2\x81\xA9") == "<U+202A><U+2066><U+2069>");
    CHECK(terminal_text("\xE2\x80\xA9") == "\xE2\x80\xA9");  // U+2029 is not an override
}

TEST_CASE("invalid UTF-8 becomes U+FFFD, one per byte") {
    const std::string fffd = "\xEF\xBF\xBD";
    CHECK(terminal_text("a\x9b" "b") == "a" + fffd + "b");          // a raw 8-bit CSI byte
    CHECK(terminal_text("\xC3") == fffd);                           // cut short
    CHECK(terminal_text("\xC0\xAF") == fffd + fffd);                 // overlong '/'
    CHECK(terminal_text("\xC1\x9B") == fffd + fffd);                 // overlong CSI
    CHECK(terminal_text("\xED\xA0\x80") == fffd + fffd + fffd);      // a surrogate
    CHECK(terminal_text("\xF4\x90\x80\x80") == fffd + fffd + fffd + fffd);  // past U+10FFFF
    CHECK(terminal_text("\xFF\xFE") == fffd + fffd);
}

TEST_CASE("sanitising twice changes nothing more") {
    const std::string hostile = "t\x1b[2J\xC2\x85\xE2\x80\xAE\xFF\n\x07";
    const std::string once = terminal_text(hostile);
    CHECK(terminal_text(once) == once);
    CHECK(once.find('\x1b') == std::string::npos);
}
