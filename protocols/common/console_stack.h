// ConsoleStack: base class of the stacks' top components (and of protocol
// components that answer a console themselves, like Cyclon). It provides
// Console, requires Network and Timer (which the stack's children share via
// delegation), parses each ConsoleCommand and hands it to handleCommand().
// Common verbs: "help" lists the stack's commands; anything unknown gets one
// error line and the node keeps running. Runs in its own component context.
#pragma once

#include <string>
#include <vector>

#include "protocols/common/command_line.h"
#include "runtime/component.h"
#include "runtime/console.h"
#include "runtime/network.h"
#include "runtime/timer.h"

namespace catslab::protocols {

class ConsoleStack : public runtime::ComponentDefinition {
 protected:
  // How "help" answers. kLines: helpLines() one per line, then the help
  // line. kOneLine: "commands: <helpLines() joined by ' | '> | help" as a
  // single line (the part-B stacks, whose scripts and docs read it so).
  enum class HelpStyle { kLines, kOneLine };

  explicit ConsoleStack(HelpStyle help = HelpStyle::kLines) : helpStyle_(help) {
    subscribe(console_, [this](const runtime::ConsoleCommand& c) { onCommand(c); });
  }

  // Returns false if the verb is not known (the base then prints the error).
  virtual bool handleCommand(const CommandLine& cmd, std::uint64_t id) = 0;
  // One entry per command: "verb args  — what it does" (kLines) or
  // "verb args (what it does)" (kOneLine).
  virtual std::vector<std::string> helpLines() const = 0;

  void reply(const std::string& text, std::uint64_t id) {
    trigger(runtime::ConsoleOutput(text, false, id), console_);
  }
  void replyError(const std::string& text, std::uint64_t id) {
    trigger(runtime::ConsoleOutput("error: " + text, true, id), console_);
  }
  // Unsolicited output (an indication arrived).
  void say(const std::string& text) { trigger(runtime::ConsoleOutput(text), console_); }

  // Connects a child's required Network and Timer to this stack's.
  void wire(const runtime::ComponentRef& child) {
    connect(network_, child.negative<runtime::Network>());
    connect(timer_, child.negative<runtime::Timer>());
  }
  void wireNetwork(const runtime::ComponentRef& child) {
    connect(network_, child.negative<runtime::Network>());
  }
  void wireTimer(const runtime::ComponentRef& child) {
    connect(timer_, child.negative<runtime::Timer>());
  }

  runtime::Negative<runtime::Console> console_ = provide<runtime::Console>();
  runtime::Positive<runtime::Network> network_ = require<runtime::Network>();
  runtime::Positive<runtime::Timer> timer_ = require<runtime::Timer>();

 private:
  void onCommand(const runtime::ConsoleCommand& c) {
    const CommandLine cmd = parseCommandLine(c.line);
    if (cmd.verb.empty()) return;
    if (cmd.verb == "help") {
      if (helpStyle_ == HelpStyle::kOneLine) {
        std::string text = "commands:";
        for (const auto& entry : helpLines()) text += " " + entry + " |";
        reply(text + " help", c.id);
        return;
      }
      for (const auto& line : helpLines()) reply(line, c.id);
      reply("help  — this list", c.id);
      return;
    }
    if (!handleCommand(cmd, c.id)) {
      trigger(runtime::ConsoleOutput(unknownCommand(cmd.verb), true, c.id), console_);
    }
  }

  HelpStyle helpStyle_;
};

}  // namespace catslab::protocols
