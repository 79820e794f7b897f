/**
 * The one tree-sitter query run over every Python file (tree-sitter-python 0.25 grammar). It captures the
 * syntactic shapes that can hold a compute setting; which names matter is decided in JavaScript from the
 * parameter-name table, so the query itself stays small and stable.
 */
export const PYTHON_QUERY = `
(assignment left: (_) @assign.left right: (_) @assign.right) @assign
(keyword_argument name: (identifier) @kwarg.name value: (_) @kwarg.value) @kwarg
(pair key: (string) @pair.key value: (_) @pair.value) @pair
(default_parameter name: (identifier) @param.name value: (_) @param.value) @param
(typed_default_parameter name: (identifier) @param.name value: (_) @param.value) @param
(call function: [(identifier) (attribute)] @call.function arguments: (argument_list) @call.arguments) @call
`;

/** Module-level literal assignments (also under `if __name__ == "__main__":`), for resolving names. */
export const PYTHON_CONSTANTS_QUERY = `
(module (expression_statement (assignment left: (identifier) @assign.left right: (_) @assign.right) @assign))
(module (if_statement consequence: (block (expression_statement (assignment left: (identifier) @assign.left right: (_) @assign.right) @assign))))
(module (expression_statement (assignment left: [(pattern_list) (tuple_pattern)] @assign.left right: (_) @assign.right) @assign))
(module (if_statement consequence: (block (expression_statement (assignment left: [(pattern_list) (tuple_pattern)] @assign.left right: (_) @assign.right) @assign))))
`;
