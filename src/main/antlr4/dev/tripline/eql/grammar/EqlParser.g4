/*
 * Elasticsearch's Event Query Language, as detection rules use it: event queries, sequences (by, maxspan, until,
 * runs, missing events), samples, the head/tail pipes. Constructs Elasticsearch does not run (join, descendant of,
 * array indexing, the other legacy pipes) are not part of this grammar; QueryParser recognises them to name them
 * in its error instead of failing with a generic syntax error.
 *
 * The lexer never fails: text it cannot tokenise becomes an error token (ERROR_CHAR, UNTERMINATED_STRING,
 * SINGLE_QUOTED_STRING, LEGACY_RAW_STRING), which QueryParser turns into a precise message. Raw strings and block
 * comments are lexed in their own modes so that an unterminated one costs one pass over the input, not one per
 * character.
 */
parser grammar EqlParser;

options { tokenVocab = EqlLexer; }



// ---------------------------------------------------------------- statements

statement
    : query pipe* EOF
    ;

query
    : sequence
    | sample
    | eventFilter
    ;

sequence
    : SEQUENCE (shared=joinKeys sequenceOption? | sequenceOption lateKeys=joinKeys?)?
      sequenceTerm+
      (UNTIL until=sequenceTerm)?
    ;

sample
    : SAMPLE shared=joinKeys? sequenceTerm+
    ;

sequenceOption
    : WITH key=IDENTIFIER ASSIGN timeSpan
    ;

timeSpan
    : number unit=IDENTIFIER?
    ;

sequenceTerm
    : missing=BANG? LB eventFilter RB keys=joinKeys? (WITH key=IDENTIFIER ASSIGN count=number)?
    ;

joinKeys
    : BY expression (COMMA expression)*
    ;

eventFilter
    : (ANY | category) WHERE expression
    ;

category
    : IDENTIFIER
    | QUOTED_IDENTIFIER
    | string
    ;

pipe
    : PIPE name=IDENTIFIER (expression (COMMA expression)*)?
    ;

// ---------------------------------------------------------------- expressions

expression
    : booleanExpression
    ;

booleanExpression
    : NOT booleanExpression                                     # logicalNot
    | valueExpression                                           # booleanDefault
    | left=booleanExpression AND right=booleanExpression        # logicalAnd
    | left=booleanExpression OR right=booleanExpression         # logicalOr
    ;

// a comparison is not associative: a == b == c is a syntax error, as in Elasticsearch
valueExpression
    : left=operatorExpression (comparisonOperator right=operatorExpression)?
    ;

operatorExpression
    : primaryExpression predicate?                                                                # operatorDefault
    | op=(MINUS | PLUS) operatorExpression                                                        # arithmeticUnary
    | left=operatorExpression op=(ASTERISK | SLASH | PERCENT) right=operatorExpression             # arithmeticBinary
    | left=operatorExpression op=(PLUS | MINUS) right=operatorExpression                          # arithmeticBinary
    ;

predicate
    : NOT? op=(IN | IN_INSENSITIVE) LP expression (COMMA expression)* RP                          # inPredicate
    | op=(COLON | LIKE | LIKE_INSENSITIVE | REGEX | REGEX_INSENSITIVE) literal                    # matchOne
    | op=(COLON | LIKE | LIKE_INSENSITIVE | REGEX | REGEX_INSENSITIVE) LP literal (COMMA literal)* RP  # matchList
    ;

primaryExpression
    : literal                                                   # literalExpression
    | name=(IDENTIFIER | INSENSITIVE_IDENTIFIER) LP (expression (COMMA expression)*)? RP  # functionCall
    | OPTIONAL? fieldName                                       # fieldReference
    | LP expression RP                                          # parenthesized
    ;

fieldName
    : identifier (DOT fieldSegment)*
    ;

identifier
    : IDENTIFIER
    | QUOTED_IDENTIFIER
    ;

// after a dot any word is a name: event.sequence is an ECS field
fieldSegment
    : identifier
    | AND | ANY | BY | FALSE | IN | LIKE | NOT | NULL | OR | REGEX | SAMPLE | SEQUENCE | TRUE | UNTIL | WHERE | WITH
    ;

comparisonOperator
    : EQ | NEQ | LT | LTE | GT | GTE
    ;

literal
    : NULL                                                      # nullLiteral
    | (TRUE | FALSE)                                            # booleanLiteral
    | number                                                    # numberLiteral
    | string                                                    # stringLiteral
    ;

number
    : INTEGER
    | DECIMAL
    ;

string
    : STRING
    | RAW_STRING
    ;
