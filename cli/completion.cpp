// kb completion bash|zsh|fish: shell completion scripts, generated from the CLI11 app itself so
// every subcommand and option kb parses is offered, and none it does not.
#include <algorithm>
#include <cctype>
#include <memory>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>
#include <fmt/format.h>

#include "commands.h"
#include "exit_codes.h"

namespace kb::cli {

namespace {

// What may follow an option, or fill a subcommand's positional arguments.
enum class ValueKind { None, Free, File, Directory, Choice };

struct CompletedOption {
    std::vector<std::string> names;  // "-n", "--limit"
    std::string help;
    ValueKind value = ValueKind::None;
    std::vector<std::string> choices;
    bool repeatable = false;
};

struct CompletedCommand {
    std::string name;
    std::string help;
    std::vector<CompletedOption> options;
    ValueKind positional = ValueKind::None;
    std::vector<std::string> positional_choices;
};

// Names end up unquoted in shell code: refuse anything but plain words (a new option with an odd
// name fails the completion test instead of producing a broken script).
const std::string& shell_word(const std::string& word) {
    const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '_' || c == '.';
    });
    if (!plain) throw std::logic_error(fmt::format("completion: '{}' is not a plain word", word));
    return word;
}

// CLI11 shows an IsMember check as "{a,b,c}" after the type name: that list is the choices.
std::vector<std::string> choices_of(const std::string& type_name) {
    std::vector<std::string> choices;
    const auto open = type_name.find('{');
    const auto close = type_name.find('}', open);
    if (open == std::string::npos || close == std::string::npos) return choices;
    std::string item;
    for (char c : type_name.substr(open + 1, close - open - 1)) {
        if (c == ',') {
            choices.push_back(item);
            item.clear();
        } else if (c != ' ') {
            item += c;
        }
    }
    if (!item.empty()) choices.push_back(item);
    return choices;
}

ValueKind value_kind(const std::string& type_name, bool has_choices) {
    if (has_choices) return ValueKind::Choice;
    if (type_name.rfind("DIR", 0) == 0) return ValueKind::Directory;
    if (type_name.rfind("FILE", 0) == 0 || type_name.rfind("PATH", 0) == 0) return ValueKind::File;
    return ValueKind::Free;
}

// The first clause of an option's help, on one line: enough to choose by in a menu.
std::string short_help(const std::string& text) {
    std::string line;
    for (char c : text) line += (c == '\n' || c == '\t') ? ' ' : c;
    const auto cut = line.find_first_of("(;:");
    if (cut != std::string::npos && cut > 10) line = line.substr(0, cut);
    while (!line.empty() && (line.back() == ' ' || line.back() == ',')) line.pop_back();
    if (line.size() > 70) line = line.substr(0, line.rfind(' ', 67)) + "...";
    return line;
}

void collect_options(const CLI::App& app, CompletedCommand& command) {
    for (const CLI::Option* opt : app.get_options()) {
        const std::string type_name = opt->get_type_name();
        const auto choices = choices_of(type_name);
        if (opt->nonpositional()) {
            CompletedOption o;
            for (const auto& s : opt->get_snames()) o.names.push_back("-" + shell_word(s));
            for (const auto& l : opt->get_lnames()) o.names.push_back("--" + shell_word(l));
            o.help = short_help(opt->get_description());
            if (opt->get_expected_max() > 0) {  // a flag expects no value
                o.value = value_kind(type_name, !choices.empty());
                o.choices = choices;
            }
            o.repeatable = opt->get_items_expected_max() > 1;
            command.options.push_back(o);
        } else {
            command.positional = value_kind(type_name, !choices.empty());
            command.positional_choices = choices;
        }
    }
}

// The tree of commands as kb parses it. Global options (kb falls through to them) are offered
// after a subcommand too.
std::vector<CompletedCommand> command_tree(const CLI::App& root) {
    std::vector<CompletedCommand> commands;
    CompletedCommand global;
    collect_options(root, global);
    commands.push_back(global);
    for (const CLI::App* sub : root.get_subcommands({})) {
        CompletedCommand command;
        command.name = shell_word(sub->get_name());
        command.help = short_help(sub->get_description());
        collect_options(*sub, command);
        for (const auto& g : global.options) {
            const bool taken = std::any_of(command.options.begin(), command.options.end(), [&](const auto& o) {
                return std::find(o.names.begin(), o.names.end(), g.names.front()) != o.names.end();
            });
            if (!taken) command.options.push_back(g);
        }
        commands.push_back(command);
    }
    return commands;
}

std::string joined(const std::vector<std::string>& words, const char* separator) {
    return fmt::format("{}", fmt::join(words, separator));
}

// Single-quoted for the shell: ' becomes '\''.
std::string single_quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string bash_value_reply(ValueKind kind, const std::vector<std::string>& choices) {
    switch (kind) {
        case ValueKind::Choice: return fmt::format("COMPREPLY=($(compgen -W '{}' -- \"$cur\"))", joined(choices, " "));
        // File names may hold spaces: split compgen's answer on newlines only.
        case ValueKind::File: return "local IFS=$'\\n'; compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\"))";
        case ValueKind::Directory: return "local IFS=$'\\n'; compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- \"$cur\"))";
        case ValueKind::Free:
        case ValueKind::None: return "COMPREPLY=()";
    }
    return "COMPREPLY=()";
}

std::string bash_script(const std::vector<CompletedCommand>& commands) {
    const CompletedCommand& global = commands.front();
    std::vector<std::string> global_valued, subcommand_names;
    for (const auto& o : global.options)
        if (o.value != ValueKind::None) global_valued.insert(global_valued.end(), o.names.begin(), o.names.end());
    for (std::size_t i = 1; i < commands.size(); ++i) subcommand_names.push_back(commands[i].name);

    std::string s =
        "# bash completion for kb (generated by `kb completion bash`)\n"
        "_kb() {\n"
        "    local cur prev sub='' i\n"
        "    cur=${COMP_WORDS[COMP_CWORD]}\n"
        "    prev=${COMP_WORDS[COMP_CWORD-1]}\n"
        "    # The subcommand is the first word that is neither an option nor a global option's value.\n"
        "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
        "        case ${COMP_WORDS[i]} in\n";
    s += fmt::format("            {}) ((i++)) ;;\n", joined(global_valued, "|"));
    s += "            -*) ;;\n"
         "            *) sub=${COMP_WORDS[i]}; break ;;\n"
         "        esac\n"
         "    done\n"
         "    case $sub in\n";
    for (const auto& command : commands) {
        s += fmt::format("        {})\n", command.name.empty() ? "''" : command.name);
        std::vector<std::string> option_names;
        s += "            case $prev in\n";
        for (const auto& o : command.options) {
            option_names.insert(option_names.end(), o.names.begin(), o.names.end());
            if (o.value == ValueKind::None) continue;
            s += fmt::format("                {}) {}; return ;;\n", joined(o.names, "|"),
                             bash_value_reply(o.value, o.choices));
        }
        s += "            esac\n";
        s += fmt::format(
            "            if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '{}' -- \"$cur\")); return; fi\n",
            joined(option_names, " "));
        if (command.name.empty()) {
            s += fmt::format("            COMPREPLY=($(compgen -W '{}' -- \"$cur\"))\n", joined(subcommand_names, " "));
        } else if (command.positional != ValueKind::None) {
            s += fmt::format("            {}\n", bash_value_reply(command.positional, command.positional_choices));
        }
        s += "            ;;\n";
    }
    s += "        *) COMPREPLY=() ;;\n"
         "    esac\n"
         "}\n"
         "complete -F _kb kb\n";
    return s;
}

// _arguments wants [ ] : and \ in a description escaped.
std::string zsh_description(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '[' || c == ']' || c == ':' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

std::string zsh_action(ValueKind kind, const std::vector<std::string>& choices) {
    switch (kind) {
        case ValueKind::Choice: return fmt::format("({})", joined(choices, " "));
        case ValueKind::File: return "_files";
        case ValueKind::Directory: return "_files -/";
        case ValueKind::Free:
        case ValueKind::None: return " ";
    }
    return " ";
}

std::string zsh_option_specs(const CompletedCommand& command, const std::string& indent) {
    std::string s;
    for (const auto& o : command.options) {
        for (const auto& name : o.names) {
            std::string spec = fmt::format("{}{}[{}]", o.repeatable ? "*" : "", name, zsh_description(o.help));
            if (o.value != ValueKind::None) spec += fmt::format(":value:{}", zsh_action(o.value, o.choices));
            s += indent + single_quoted(spec) + "\n";
        }
    }
    return s;
}

std::string zsh_script(const std::vector<CompletedCommand>& commands) {
    std::string s =
        "#compdef kb\n"
        "# zsh completion for kb (generated by `kb completion zsh`)\n"
        "_kb() {\n"
        "    local curcontext=$curcontext state line\n"
        "    typeset -A opt_args\n"
        "    _arguments -C \\\n";
    std::string global_specs = zsh_option_specs(commands.front(), "        ");
    for (std::size_t pos = 0; (pos = global_specs.find('\n', pos)) != std::string::npos; pos += 3)
        global_specs.replace(pos, 1, " \\\n");
    s += global_specs;
    s += "        '1:command:->command' \\\n"
         "        '*::argument:->argument'\n"
         "    case $state in\n"
         "        command)\n"
         "            local -a commands\n"
         "            commands=(\n";
    for (std::size_t i = 1; i < commands.size(); ++i)
        s += "                " + single_quoted(commands[i].name + ":" + commands[i].help) + "\n";
    s += "            )\n"
         "            _describe -t commands 'kb command' commands ;;\n"
         "        argument)\n"
         "            local -a specs\n"
         "            case $line[1] in\n";
    for (std::size_t i = 1; i < commands.size(); ++i) {
        const auto& command = commands[i];
        s += fmt::format("                {})\n                    specs=(\n", command.name);
        s += zsh_option_specs(command, "                        ");
        if (command.positional != ValueKind::None)
            s += "                        " +
                 single_quoted("*:argument:" + zsh_action(command.positional, command.positional_choices)) + "\n";
        s += "                    ) ;;\n";
    }
    s += "            esac\n"
         "            _arguments $specs ;;\n"
         "    esac\n"
         "}\n"
         "if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n"
         "    _kb \"$@\"\n"
         "else\n"
         "    compdef _kb kb\n"
         "fi\n";
    return s;
}

// fish single quotes: only \ and ' are special.
std::string fish_quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\\' || c == '\'') out += '\\';
        out += c;
    }
    return out + "'";
}

std::string fish_value(ValueKind kind, const std::vector<std::string>& choices) {
    switch (kind) {
        case ValueKind::Choice: return fmt::format(" -x -a {}", fish_quoted(joined(choices, " ")));
        case ValueKind::File: return " -r -F";
        case ValueKind::Directory: return " -x -a '(__fish_complete_directories)'";
        case ValueKind::Free: return " -x";
        case ValueKind::None: return "";
    }
    return "";
}

std::string fish_script(const std::vector<CompletedCommand>& commands) {
    std::vector<std::string> names;
    for (std::size_t i = 1; i < commands.size(); ++i) names.push_back(commands[i].name);
    std::string s =
        "# fish completion for kb (generated by `kb completion fish`)\n"
        "complete -c kb -f\n";
    for (std::size_t i = 1; i < commands.size(); ++i)
        s += fmt::format("complete -c kb -n __fish_use_subcommand -a {} -d {}\n", commands[i].name,
                         fish_quoted(commands[i].help));
    for (const auto& command : commands) {
        const std::string condition =
            command.name.empty() ? "__fish_use_subcommand" : "__fish_seen_subcommand_from " + command.name;
        for (const auto& o : command.options) {
            std::string line = fmt::format("complete -c kb -n {}", fish_quoted(condition));
            for (const auto& name : o.names) line += (name.size() == 2 ? " -s " : " -l ") + name.substr(name.find_first_not_of('-'));
            line += fish_value(o.value, o.choices) + " -d " + fish_quoted(o.help);
            s += line + "\n";
        }
        if (!command.name.empty() && command.positional != ValueKind::None &&
            command.positional != ValueKind::Free)
            s += fmt::format("complete -c kb -n {}{}\n", fish_quoted(condition),
                             command.positional == ValueKind::File        ? std::string(" -F")
                             : command.positional == ValueKind::Directory ? std::string(" -a '(__fish_complete_directories)'")
                                                                          : " -a " + fish_quoted(joined(command.positional_choices, " ")));
    }
    return s;
}

}  // namespace

void register_completion(CLI::App& app, Context& ctx) {
    auto shell = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("completion", "Print a completion script for bash, zsh or fish");
    if (!ctx.adds_options(*cmd)) return;
    cmd->add_option("shell", *shell, "The shell: bash, zsh or fish")
        ->check(CLI::IsMember({"bash", "zsh", "fish"}))
        ->required();
    cmd->footer(
        "\nThe installed package puts these scripts where each shell looks for them. To use them from a\n"
        "build tree instead:\n"
        "  source <(kb completion bash)                       in ~/.bashrc\n"
        "  kb completion zsh > ~/.zfunc/_kb                   with fpath+=(~/.zfunc) before compinit\n"
        "  kb completion fish > ~/.config/fish/completions/kb.fish\n");
    const CLI::App* root = &app;
    cmd->callback([shell, root, &ctx] {
        ctx.action = [shell, root] {
            const auto commands = command_tree(*root);
            const std::string script = *shell == "bash" ? bash_script(commands)
                                       : *shell == "zsh" ? zsh_script(commands)
                                                         : fish_script(commands);
            std::fputs(script.c_str(), stdout);
            return kExitOk;
        };
    });
}

}  // namespace kb::cli
