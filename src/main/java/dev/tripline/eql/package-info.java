/**
 * Elasticsearch EQL: grammar, parser, AST, analyzer and the compiler that turns a query into predicates over
 * {@link dev.tripline.event.Event}s once, when a rule loads. Plain Java and the ANTLR runtime: no Spring, no JPA.
 */
package dev.tripline.eql;
