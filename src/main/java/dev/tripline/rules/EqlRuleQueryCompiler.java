package dev.tripline.rules;

import dev.tripline.eql.CompileOptions;
import dev.tripline.eql.CompiledQuery;
import dev.tripline.eql.Eql;
import dev.tripline.eql.EqlException;
import org.springframework.stereotype.Component;

/** Rules' queries compiled by Tripline's EQL compiler, its errors carried over with line, column and hint. */
@Component
class EqlRuleQueryCompiler implements RuleQueryCompiler {

    @Override
    public CompiledQuery compile(String query, String categoryField) {
        try {
            return Eql.compile(query, categoryField == null ? CompileOptions.DEFAULTS
                    : CompileOptions.withCategoryField(categoryField));
        } catch (EqlException e) {
            throw new QueryProblem(e.getMessage(), e.reason(), e.line(), e.column(), e.excerpt(), e.suggestion());
        } catch (IllegalArgumentException e) {
            // a compile-time refusal outside the parser (for example an unusable category field name)
            throw new QueryProblem(e.getMessage(), e.getMessage(), 0, 0, null, null);
        }
    }
}
