package dev.tripline.eql.compiler;

import dev.tripline.eql.CategoryMatcher;
import dev.tripline.eql.CompileOptions;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.CompiledStage;
import dev.tripline.eql.EqlException;
import dev.tripline.eql.EventPredicate;
import dev.tripline.eql.Expression;
import dev.tripline.eql.JoinKeyField;
import dev.tripline.eql.Query;
import dev.tripline.eql.QueryKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a parsed query into the {@link CompiledQuery} the engine runs: one {@link CompiledStage} per stage with
 * its condition (the category test left out: the engine dispatches on {@link CompiledStage#category()}), join keys
 * (shared keys first, then the stage's own), runs and missing flag.
 */
public final class QueryCompiler {

    private QueryCompiler() {
    }

    /**
     * @param source the query's text, kept in the result for display
     * @throws EqlException when the query breaks a semantic rule (possible only for trees not built by the parser)
     */
    public static CompiledQuery compile(Query query, String source, CompileOptions options) {
        Validation.checkQuery(query);
        ExpressionCompiler compiler = new ExpressionCompiler();
        CategoryMatcher categories = options.categoryField().equals(CategoryMatcher.DEFAULT_FIELD)
                ? CategoryMatcher.DEFAULT
                : new CategoryMatcher(options.categoryField());
        if (query instanceof Query.EventQuery event) {
            CompiledStage stage = new CompiledStage(0, event.filter().category(),
                    predicate(compiler, event.filter()), List.of(), 1, false);
            return new CompiledQuery(source, QueryKind.EVENT, categories, List.of(stage), null, 0, query.pipes());
        }
        List<Expression> shared;
        List<Query.Stage> stages;
        Query.Stage until = null;
        long maxspan = 0;
        if (query instanceof Query.SequenceQuery sequence) {
            shared = sequence.by();
            stages = sequence.stages();
            until = sequence.until();
            maxspan = sequence.maxspan() == null ? 0 : sequence.maxspan().nanos();
        } else {
            Query.SampleQuery sample = (Query.SampleQuery) query;
            shared = sample.by();
            stages = sample.stages();
        }
        List<CompiledStage> compiled = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            compiled.add(stage(compiler, i, stages.get(i), shared));
        }
        CompiledStage compiledUntil = until == null ? null : stage(compiler, -1, until, shared);
        return new CompiledQuery(source, query.kind(), categories, compiled, compiledUntil, maxspan, query.pipes());
    }

    private static CompiledStage stage(ExpressionCompiler compiler, int index, Query.Stage stage,
            List<Expression> shared) {
        List<JoinKeyField> keys = new ArrayList<>();
        for (Expression key : shared) {
            keys.add(joinKey(compiler, key));
        }
        for (Expression key : stage.by()) {
            keys.add(joinKey(compiler, key));
        }
        return new CompiledStage(index, stage.filter().category(), predicate(compiler, stage.filter()), keys,
                stage.runs(), stage.missing());
    }

    private static EventPredicate predicate(ExpressionCompiler compiler, Query.EventFilter filter) {
        Condition condition = compiler.condition(filter.condition());
        if (condition == Conditions.TRUE) {
            return EventPredicate.ALWAYS;
        }
        return condition;
    }

    private static JoinKeyField joinKey(ExpressionCompiler compiler, Expression key) {
        if (key instanceof Expression.Field field) {
            return new JoinKeyField(compiler.path(field.name()), field.optional());
        }
        Operand operand = compiler.operand(key);
        return new JoinKeyField(dev.tripline.event.FieldPath.of(key.render()), false, operand::eval);
    }
}
