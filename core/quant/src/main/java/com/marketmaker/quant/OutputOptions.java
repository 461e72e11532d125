package com.marketmaker.quant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** How a subcommand prints its JSON: indented by default, on one line with {@code --compact}. */
final class OutputOptions {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = "--compact", description = "Print the JSON on one line instead of indented.")
  boolean compact;

  /** Prints {@code node} on the command's standard output. */
  void print(JsonNode node) {
    String text;
    try {
      text =
          compact
              ? MAPPER.writeValueAsString(node)
              : MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
    PrintWriter out = mixee.commandLine().getOut();
    out.println(text);
    out.flush();
  }

  /** Prints one result as itself, several as an array. */
  void printEach(List<? extends JsonNode> results) {
    print(results.size() == 1 ? results.get(0) : Json.array(results));
  }
}
