/* Tokens of Elasticsearch EQL; see EqlParser.g4. */
lexer grammar EqlLexer;

@members {
    /** Where the raw string or block comment that is still open at the end of input began, for the error. */
    public int rawOpenedAt = -1;
    public int commentOpenedAt = -1;
}

// ---------------------------------------------------------------- tokens

AND: 'and';
ANY: 'any';
BY: 'by';
FALSE: 'false';
IN: 'in';
IN_INSENSITIVE: 'in~';
LIKE: 'like';
LIKE_INSENSITIVE: 'like~';
NOT: 'not';
NULL: 'null';
OR: 'or';
REGEX: 'regex';
REGEX_INSENSITIVE: 'regex~';
SAMPLE: 'sample';
SEQUENCE: 'sequence';
TRUE: 'true';
UNTIL: 'until';
WHERE: 'where';
WITH: 'with';

EQ: '==';
NEQ: '!=';
LTE: '<=';
LT: '<';
GTE: '>=';
GT: '>';
COLON: ':';
ASSIGN: '=';
PLUS: '+';
MINUS: '-';
ASTERISK: '*';
SLASH: '/';
PERCENT: '%';
DOT: '.';
COMMA: ',';
LB: '[';
RB: ']';
LP: '(';
RP: ')';
PIPE: '|';
BANG: '!';
OPTIONAL: '?';

STRING
    : '"' ('\\' ~[\r\n] | ~["\\\r\n])* '"'
    ;

// an opening quote whose string never closes on its line
UNTERMINATED_STRING
    : '"' ('\\' ~[\r\n] | ~["\\\r\n])*
    ;

RAW_STRING_OPEN
    : '"""' { rawOpenedAt = getCharIndex() - 3; } -> more, pushMode(RAW)
    ;

// legacy EQL forms that Elasticsearch refuses; lexed so that the error can say what to write instead
SINGLE_QUOTED_STRING
    : '\'' ~['\r\n]* '\''
    ;

LEGACY_RAW_STRING
    : '?"' ~["\r\n]* '"'
    ;

QUOTED_IDENTIFIER
    : '`' (~'`' | '``')* '`'
    ;

// a function name with the case-insensitive suffix: startsWith~
INSENSITIVE_IDENTIFIER
    : [A-Za-z_] [A-Za-z0-9_]* '~'
    ;

IDENTIFIER
    : [A-Za-z_@] [A-Za-z0-9_]*
    ;

INTEGER
    : DIGIT+
    ;

DECIMAL
    : DIGIT+ '.' DIGIT* EXPONENT?
    | '.' DIGIT+ EXPONENT?
    | DIGIT+ EXPONENT
    ;

fragment DIGIT: [0-9];
fragment EXPONENT: [eE] [+-]? DIGIT+;

LINE_COMMENT
    : '//' ~[\r\n]* -> channel(HIDDEN)
    ;

BLOCK_COMMENT_OPEN
    : '/*' { commentOpenedAt = getCharIndex() - 2; } -> skip, pushMode(COMMENT)
    ;

WS
    : [ \t\r\n\f]+ -> channel(HIDDEN)
    ;

ERROR_CHAR
    : .
    ;

mode RAW;

RAW_STRING
    : '"""' -> popMode
    ;

RAW_CHAR
    : . -> more
    ;

mode COMMENT;

BLOCK_COMMENT_CLOSE
    : '*/' -> skip, popMode
    ;

COMMENT_CHAR
    : . -> skip
    ;
