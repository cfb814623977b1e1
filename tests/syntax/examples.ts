// The examples of DSL.md (sections 2-5), verbatim where the page gives a whole block, and a
// combined file that uses every construct the page names. Shared by the syntax tests.

/** DSL.md 3.1, the sequential form. */
export const XOR_SEQUENTIAL = `model xor {
  input x: [N, 2]
  layers {
    hidden = Dense(2, activation = leaky_relu, init = he_normal)
    output = Dense(1)
  }
}
`;

/** DSL.md 3.2, the expression form. */
export const XOR_BY_HAND = `model xor_by_hand {
  input x: [N, 2]
  param W: [2, 2] = [[1, 1], [1, 1]]
  param c: [2]    = [0, -1]
  param w: [2, 1] = [[1], [-2]]
  param b: [1]    = 0
  output y = relu(x @ W + c) @ w + b
}
`;

/** DSL.md 5, the train block. */
export const XOR_TRAIN = `train xor {
  data      = inline(x = [[0, 0], [0, 1], [1, 0], [1, 1]], y = [[0], [1], [1], [0]])
  loss      = mse
  optimizer = adam(lr = 0.05)
  batch     = 4
  epochs    = 100
  seed      = 7
}
`;

/** DSL.md 2: a whole file, version line, model and its train block. */
export const XOR_FILE = `version 1                 # optional; a file that names another version is rejected
${XOR_SEQUENTIAL}
${XOR_TRAIN}`;

/** Every other construct DSL.md sections 3-5 name, in one file. */
export const KITCHEN_SINK = `version 1
// pipes, residuals, functions, options
model mnist {
  input x: f32[N, 784]
  input labels: i32[N]
  param scale: [1] = 1, trainable = false
  param W: [784, 10] = random_normal(stddev = 0.05), l2 = 0.01, l1 = 0.0
  param b: [10]
  h = x |> Dense(64) |> BatchNorm() |> relu
  y = h + (h |> Dense(64) |> relu)
  z = leaky_relu(y, alpha = 0.2) |> Dropout(0.5) |> BatchNormalization(momentum = 0.99, epsilon = 1e-3)
  s = softmax(z @ W + b, axis = -1, temperature = 1)
  t = concat([exp(s), log(s), sqrt(abs(s)), square(s)], axis = 1)
  u = sum(t, axis = 0) + mean(t, axis = 1) - max(t, axis = -1)
  v = reshape(transpose(t), [N, 40]) / 2 * scale ^ 2
  output probs: [N, 10] = s
  output logits = z @ W + b
}

model seq {
  input x: [N, 2]
  layers {
    Dense(16, activation = relu, init = glorot_uniform, bias_init = zeros, use_bias = true, l1 = 0, l2 = 0)
    BatchNorm(center = true, scale = true)
    Dropout(0.1)
    Activation(tanh)
    leaky_relu(alpha = 0.1)
    relu
    Dense(1, activation = sigmoid)
  }
}

train mnist {
  data      = csv("data/train.csv", target = "label", features = ["a", "b"])
  validate  = split(0.2)
  test      = csv("data/test.csv", target = 0)
  loss      = sparse_categorical_crossentropy
  metrics   = [accuracy, mae, mse]
  optimizer = adamw(lr = cosine_decay(0.001, 1000), beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, weight_decay = 0.004)
  batch = 32; epochs = 10; seed = 1; shuffle = true
  early_stopping { monitor = val_loss; patience = 3 }
  early_stopping {
    min_delta = 0
    restore_best = false
  }
}

train seq {
  data = inline(input = [[0, 1]], y = [[1]])
  validate = inline(x = [[1, 1]], y = [[0]])
  optimizer = momentum(lr = linear_decay(0.1, 0.01, 100), momentum = 0.9)
}
`;

/** One call of each optimizer and schedule of DSL.md 5, as train entries. */
export const OPTIMIZERS = `train o {
  a = sgd(lr = 0.01)
  b = momentum(lr = 0.01, momentum = 0.9)
  c = adagrad(lr = 0.01, epsilon = 1e-7, initial_accumulator = 0.1)
  d = rmsprop(lr = 0.001, rho = 0.9, epsilon = 1e-7)
  e = adam(lr = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7)
  f = adamw(lr = exponential_decay(0.1, 0.96, 100), weight_decay = 0.004)
  g = sgd(lr = linear_decay(0.1, 0.01, 50))
  loss = binary_crossentropy
}
`;

export const ALL_EXAMPLES: Readonly<Record<string, string>> = {
  XOR_SEQUENTIAL,
  XOR_BY_HAND,
  XOR_TRAIN,
  XOR_FILE,
  KITCHEN_SINK,
  OPTIMIZERS,
};
