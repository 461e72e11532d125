package com.marketmaker.core.portfolio.transport;

/**
 * Outcome of an entropic optimal-transport solve by {@link Sinkhorn}.
 *
 * <p>For source weights {@code a} (length n), target weights {@code b} (length m), cost matrix
 * {@code C} (n&times;m) and regularisation &epsilon; the solver returns the plan
 *
 * <pre>
 *   P = diag(u) K diag(v),   K_ij = exp(-C_ij / &epsilon;),
 *   equivalently  P_ij = exp((f_i + g_j - C_ij) / &epsilon;),  f = &epsilon; log u,  g = &epsilon; log v
 * </pre>
 *
 * together with
 *
 * <ul>
 *   <li>{@code transportCost} = &lang;P, C&rang; = &Sigma;<sub>ij</sub> P_ij C_ij;
 *   <li>{@code entropicObjective} = &lang;P, C&rang; &minus; &epsilon; H(P) with H(P) =
 *       &minus;&Sigma; P_ij (log P_ij &minus; 1) (convention 0 log 0 = 0), the primal objective of
 *       Peyr&eacute; &amp; Cuturi (2019), "Computational Optimal Transport", eq. (4.2);
 *   <li>{@code marginalError} = &Sigma;<sub>i</sub> |&Sigma;<sub>j</sub> P_ij &minus; a_i| +
 *       &Sigma;<sub>j</sub> |&Sigma;<sub>i</sub> P_ij &minus; b_j| of the returned plan;
 *   <li>{@code iterations}: number of full (row and column) scaling sweeps performed, and {@code
 *       converged}: whether {@code marginalError} fell below the requested tolerance within the
 *       iteration budget.
 * </ul>
 *
 * <p>The dual potentials {@code f}, {@code g} are in cost units; entries belonging to zero weights
 * are {@code -Infinity}. Arrays are owned by the result and are not copied on access.
 *
 * @param plan transport plan P (n&times;m)
 * @param transportCost &lang;P, C&rang;
 * @param entropicObjective &lang;P, C&rang; &minus; &epsilon; H(P)
 * @param iterations sweeps performed
 * @param marginalError L1 marginal violation of {@code plan}
 * @param converged whether {@code marginalError} is below the tolerance
 * @param f source dual potential, &epsilon; log u
 * @param g target dual potential, &epsilon; log v
 */
public record SinkhornResult(
    double[][] plan,
    double transportCost,
    double entropicObjective,
    int iterations,
    double marginalError,
    boolean converged,
    double[] f,
    double[] g) {}
