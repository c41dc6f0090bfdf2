"""Line mode as transcripts: a script of commands in, the exact text out (the prompt is
printed although the input is not a terminal, as pdb does; the end of input adds a newline).

The seed's numbers are the seed notebook's (z1 = 1.100, a1 = 0.750, z2 = 0.425, y_pred =
0.605, loss = 0.156, dL/dz2 = -0.189); Mazur's are his article's (out_h1 = 0.593, out_o1 =
0.751, E_total = 0.298, w5+ = 0.359, w6+ = 0.409, w7+ = 0.511, w8+ = 0.561). Every command
appears in the seed's and in Mazur's transcript, with bad input of each kind.
"""

from __future__ import annotations

import io

import pytest

from tui_backprop.cli import main
from tui_backprop.linemode.commands import COMMANDS


def transcript(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str],
               script: str) -> str:
    """Run `tui-backprop ARGS` with `script` as its standard input; what it printed."""
    monkeypatch.setattr("sys.stdin", io.StringIO(script))
    status = main(args)
    captured = capsys.readouterr()
    assert status == 0 and captured.err == ""
    return captured.out


SEED_SCRIPT = 'n\nn 3\nnext\nwhere\nN\nback 2\n\nover\nO\nout\nE\nphase\nF\niter\nI\nG\ng\nb dL/dz1\nb w2\nb dL/dz1\nb\nc\ncont\nC\nshow z2\nshow dL/dw2\nshow w2\nlist\nclear w2\nclear\nwhere\nhelp n\nfoo\nn 0\nn x\nwhere now\nshow\nshow qq\nb x\nclear z1\nhelp zz\nq\n'
SEED_OUT = """\
seed 1-1-1: 1-1-1 sigmoid/sigmoid, loss mse, lr 0.1, 1 sample; 17 steps. Type help for the commands.
(backprop) [1/17 forward] z1 = w1·x + b1 = 0.500 × 2.000 + 0.100 = 1.100
(backprop) [2/17 forward] a1 = σ(z1) = σ(1.100) = 0.750
[3/17 forward] z2 = w2·a1 + b2 = 0.300 × 0.750 + 0.200 = 0.425
[4/17 forward] y_pred = σ(z2) = σ(0.425) = 0.605
(backprop) [5/17 loss] loss = (y - y_pred)² = (1.000 - 0.605)² = 0.156
(backprop) step 5 of 17: loss phase, iteration 1 of 1
(backprop) [4/17 forward] y_pred = σ(z2) = σ(0.425) = 0.605
(backprop) [2/17 forward] a1 = σ(z1) = σ(1.100) = 0.750
(backprop) [0/17] at the start: nothing computed
(backprop) [1/17 forward] z1 = w1·x + b1 = 0.500 × 2.000 + 0.100 = 1.100
[2/17 forward] a1 = σ(z1) = σ(1.100) = 0.750
(backprop) [0/17] at the start: nothing computed
(backprop) [1/17 forward] z1 = w1·x + b1 = 0.500 × 2.000 + 0.100 = 1.100
[2/17 forward] a1 = σ(z1) = σ(1.100) = 0.750
(backprop) [0/17] at the start: nothing computed
(backprop) [1/17 forward] z1 = w1·x + b1 = 0.500 × 2.000 + 0.100 = 1.100
[2/17 forward] a1 = σ(z1) = σ(1.100) = 0.750
[3/17 forward] z2 = w2·a1 + b2 = 0.300 × 0.750 + 0.200 = 0.425
[4/17 forward] y_pred = σ(z2) = σ(0.425) = 0.605
(backprop) [0/17] at the start: nothing computed
(backprop) [1/17 forward] z1 = w1·x + b1 = 0.500 × 2.000 + 0.100 = 1.100
[2/17 forward] a1 = σ(z1) = σ(1.100) = 0.750
[3/17 forward] z2 = w2·a1 + b2 = 0.300 × 0.750 + 0.200 = 0.425
[4/17 forward] y_pred = σ(z2) = σ(0.425) = 0.605
[5/17 loss] loss = (y - y_pred)² = (1.000 - 0.605)² = 0.156
[6/17 backward] dL/dy_pred = 2(y_pred - y) = 2(0.605 - 1.000) = -0.791
[7/17 backward] dL/dz2 = dL/dy_pred · y_pred(1 - y_pred) = (-0.791) × 0.239 = -0.189
[8/17 backward] dL/dw2 = dL/dz2 · a1 = (-0.189) × 0.750 = -0.142
[9/17 backward] dL/db2 = dL/dz2 · 1 = (-0.189) × 1 = -0.189
[10/17 backward] dL/da1 = dL/dz2 · w2 = (-0.189) × 0.300 = -0.057
[11/17 backward] dL/dz1 = dL/da1 · a1(1 - a1) = (-0.057) × 0.187 = -0.011
[12/17 backward] dL/dw1 = dL/dz1 · x = (-0.011) × 2.000 = -0.021
[13/17 backward] dL/db1 = dL/dz1 · 1 = (-0.011) × 1 = -0.011
[14/17 update] w1 ← w1 - lr · dL/dw1 = 0.500 - 0.1 × (-0.021) = 0.502
[15/17 update] b1 ← b1 - lr · dL/db1 = 0.100 - 0.1 × (-0.011) = 0.101
[16/17 update] w2 ← w2 - lr · dL/dw2 = 0.300 - 0.1 × (-0.142) = 0.314
[17/17 update] b2 ← b2 - lr · dL/db2 = 0.200 - 0.1 × (-0.189) = 0.219
(backprop) [0/17] at the start: nothing computed
(backprop) [1/17 forward] z1 = w1·x + b1 = 0.500 × 2.000 + 0.100 = 1.100
[2/17 forward] a1 = σ(z1) = σ(1.100) = 0.750
[3/17 forward] z2 = w2·a1 + b2 = 0.300 × 0.750 + 0.200 = 0.425
[4/17 forward] y_pred = σ(z2) = σ(0.425) = 0.605
[5/17 loss] loss = (y - y_pred)² = (1.000 - 0.605)² = 0.156
[6/17 backward] dL/dy_pred = 2(y_pred - y) = 2(0.605 - 1.000) = -0.791
[7/17 backward] dL/dz2 = dL/dy_pred · y_pred(1 - y_pred) = (-0.791) × 0.239 = -0.189
[8/17 backward] dL/dw2 = dL/dz2 · a1 = (-0.189) × 0.750 = -0.142
[9/17 backward] dL/db2 = dL/dz2 · 1 = (-0.189) × 1 = -0.189
[10/17 backward] dL/da1 = dL/dz2 · w2 = (-0.189) × 0.300 = -0.057
[11/17 backward] dL/dz1 = dL/da1 · a1(1 - a1) = (-0.057) × 0.187 = -0.011
[12/17 backward] dL/dw1 = dL/dz1 · x = (-0.011) × 2.000 = -0.021
[13/17 backward] dL/db1 = dL/dz1 · 1 = (-0.011) × 1 = -0.011
[14/17 update] w1 ← w1 - lr · dL/dw1 = 0.500 - 0.1 × (-0.021) = 0.502
[15/17 update] b1 ← b1 - lr · dL/db1 = 0.100 - 0.1 × (-0.011) = 0.101
[16/17 update] w2 ← w2 - lr · dL/dw2 = 0.300 - 0.1 × (-0.142) = 0.314
[17/17 update] b2 ← b2 - lr · dL/db2 = 0.200 - 0.1 × (-0.189) = 0.219
(backprop) [0/17] at the start: nothing computed
(backprop) breakpoint on dL/dz1: 1 step
(backprop) breakpoint on w2: 1 step
(backprop) breakpoint on dL/dz1 is already set
(backprop) breakpoint on dL/dz1: 1 step
breakpoint on w2: 1 step
(backprop) [1/17 forward] z1 = w1·x + b1 = 0.500 × 2.000 + 0.100 = 1.100
[2/17 forward] a1 = σ(z1) = σ(1.100) = 0.750
[3/17 forward] z2 = w2·a1 + b2 = 0.300 × 0.750 + 0.200 = 0.425
[4/17 forward] y_pred = σ(z2) = σ(0.425) = 0.605
[5/17 loss] loss = (y - y_pred)² = (1.000 - 0.605)² = 0.156
[6/17 backward] dL/dy_pred = 2(y_pred - y) = 2(0.605 - 1.000) = -0.791
[7/17 backward] dL/dz2 = dL/dy_pred · y_pred(1 - y_pred) = (-0.791) × 0.239 = -0.189
[8/17 backward] dL/dw2 = dL/dz2 · a1 = (-0.189) × 0.750 = -0.142
[9/17 backward] dL/db2 = dL/dz2 · 1 = (-0.189) × 1 = -0.189
[10/17 backward] dL/da1 = dL/dz2 · w2 = (-0.189) × 0.300 = -0.057
[11/17 backward] dL/dz1 = dL/da1 · a1(1 - a1) = (-0.057) × 0.187 = -0.011
(backprop) [12/17 backward] dL/dw1 = dL/dz1 · x = (-0.011) × 2.000 = -0.021
[13/17 backward] dL/db1 = dL/dz1 · 1 = (-0.011) × 1 = -0.011
[14/17 update] w1 ← w1 - lr · dL/dw1 = 0.500 - 0.1 × (-0.021) = 0.502
[15/17 update] b1 ← b1 - lr · dL/db1 = 0.100 - 0.1 × (-0.011) = 0.101
[16/17 update] w2 ← w2 - lr · dL/dw2 = 0.300 - 0.1 × (-0.142) = 0.314
(backprop) [11/17 backward] dL/dz1 = dL/da1 · a1(1 - a1) = (-0.057) × 0.187 = -0.011
(backprop) z2 = 0.425, dL/dz2 = -0.189
(backprop) w2 = 0.300, dL/dw2 = -0.142
(backprop) w2 = 0.300, dL/dw2 = -0.142
(backprop) x = 2.000
z1 = 1.100, dL/dz1 = -0.011
a1 = 0.750, dL/da1 = -0.057
z2 = 0.425, dL/dz2 = -0.189
y_pred = 0.605, dL/dy_pred = -0.791
y = 1.000
loss = 0.156
w1 = 0.500
b1 = 0.100
w2 = 0.300, dL/dw2 = -0.142
b2 = 0.200, dL/db2 = -0.189
(backprop) cleared the breakpoint on w2
(backprop) cleared 1 breakpoint
(backprop) step 11 of 17: backward phase, iteration 1 of 1
(backprop) n, next [COUNT]    take the next COUNT steps (default 1), a line each
(backprop) *** unknown command: 'foo' (help lists the commands)
(backprop) *** n: COUNT must be a whole number >= 1, got '0'
(backprop) *** n: COUNT must be a whole number >= 1, got 'x'
(backprop) *** where takes nothing after it
(backprop) *** show needs a NAME (list shows the names)
(backprop) *** no quantity named 'qq' (list shows the names)
(backprop) *** no step writes x (it is given)
(backprop) *** no breakpoint on z1
(backprop) *** no command 'zz' (help lists the commands)
(backprop) 
"""


MAZUR_SCRIPT = 'n 2\nover\nO\nout\nE\nphase\nnext\nF\nback\n\niter\nI\nb dL/da1[2]\nb w2[1,2]\nb\nc\nc\ncont\nC\nshow dL/da1[2]\nshow w2[1,2]\nshow b1[1]\nwhere\nclear dL/da1[2]\nb\nclear\nb y_pred[3]\nshow z3\nn -1\nlist\nh O\nG\ng\nbreak z1[1]\nq\n'
MAZUR_OUT = """\
mazur 2-2-2: 2-2-2 sigmoid/sigmoid, loss half_sse, lr 0.5, 1 sample; 43 steps. Type help for the commands.
(backprop) [1/43 forward] z1[1] = w1[1,1]·x[1] + w1[1,2]·x[2] + b1[1] = 0.150 × 0.050 + 0.200 × 0.100 + 0.350 = 0.378
[2/43 forward] a1[1] = σ(z1[1]) = σ(0.378) = 0.593
(backprop) [3/43 forward] z1[2] = w1[2,1]·x[1] + w1[2,2]·x[2] + b1[2] = 0.250 × 0.050 + 0.300 × 0.100 + 0.350 = 0.392
[4/43 forward] a1[2] = σ(z1[2]) = σ(0.392) = 0.597
(backprop) [2/43 forward] a1[1] = σ(z1[1]) = σ(0.378) = 0.593
(backprop) [3/43 forward] z1[2] = w1[2,1]·x[1] + w1[2,2]·x[2] + b1[2] = 0.250 × 0.050 + 0.300 × 0.100 + 0.350 = 0.392
[4/43 forward] a1[2] = σ(z1[2]) = σ(0.392) = 0.597
(backprop) [0/43] at the start: nothing computed
(backprop) [1/43 forward] z1[1] = w1[1,1]·x[1] + w1[1,2]·x[2] + b1[1] = 0.150 × 0.050 + 0.200 × 0.100 + 0.350 = 0.378
[2/43 forward] a1[1] = σ(z1[1]) = σ(0.378) = 0.593
[3/43 forward] z1[2] = w1[2,1]·x[1] + w1[2,2]·x[2] + b1[2] = 0.250 × 0.050 + 0.300 × 0.100 + 0.350 = 0.392
[4/43 forward] a1[2] = σ(z1[2]) = σ(0.392) = 0.597
[5/43 forward] z2[1] = w2[1,1]·a1[1] + w2[1,2]·a1[2] + b2[1] = 0.400 × 0.593 + 0.450 × 0.597 + 0.600 = 1.106
[6/43 forward] y_pred[1] = σ(z2[1]) = σ(1.106) = 0.751
[7/43 forward] z2[2] = w2[2,1]·a1[1] + w2[2,2]·a1[2] + b2[2] = 0.500 × 0.593 + 0.550 × 0.597 + 0.600 = 1.225
[8/43 forward] y_pred[2] = σ(z2[2]) = σ(1.225) = 0.773
(backprop) [9/43 loss] loss = ½((y[1] - y_pred[1])² + (y[2] - y_pred[2])²) = ½((0.010 - 0.751)² + (0.990 - 0.773)²) = 0.298
(backprop) [8/43 forward] y_pred[2] = σ(z2[2]) = σ(1.225) = 0.773
(backprop) [7/43 forward] z2[2] = w2[2,1]·a1[1] + w2[2,2]·a1[2] + b2[2] = 0.500 × 0.593 + 0.550 × 0.597 + 0.600 = 1.225
(backprop) [6/43 forward] y_pred[1] = σ(z2[1]) = σ(1.106) = 0.751
(backprop) ... 36 steps ...
[43/43 update] b2[2] ← b2[2] - lr · dL/db2[2] = 0.600 - 0.5 × (-0.038) = 0.619
(backprop) [0/43] at the start: nothing computed
(backprop) breakpoint on dL/da1[2]: 2 steps
(backprop) breakpoint on w2[1,2]: 1 step
(backprop) breakpoint on dL/da1[2]: 2 steps
breakpoint on w2[1,2]: 1 step
(backprop) ... 25 steps ...
[26/43 backward] dL/da1[2] = dL/dz2[1] · w2[1,2] = 0.138 × 0.450 = 0.062
(backprop) [27/43 backward] dL/da1[2] += dL/dz2[2] · w2[2,2] = 0.062 + (-0.038) × 0.550 = 0.041
(backprop) [28/43 backward] dL/dz1[2] = dL/da1[2] · a1[2](1 - a1[2]) = 0.041 × 0.241 = 0.010
[29/43 backward] dL/dw1[2,1] = dL/dz1[2] · x[1] = 0.010 × 0.050 = 0.000
[30/43 backward] dL/dw1[2,2] = dL/dz1[2] · x[2] = 0.010 × 0.100 = 0.001
[31/43 backward] dL/db1[2] = dL/dz1[2] · 1 = 0.010 × 1 = 0.010
[32/43 update] w1[1,1] ← w1[1,1] - lr · dL/dw1[1,1] = 0.150 - 0.5 × 0.000 = 0.150
[33/43 update] w1[1,2] ← w1[1,2] - lr · dL/dw1[1,2] = 0.200 - 0.5 × 0.001 = 0.200
[34/43 update] b1[1] ← b1[1] - lr · dL/db1[1] = 0.350 - 0.5 × 0.009 = 0.346
[35/43 update] w1[2,1] ← w1[2,1] - lr · dL/dw1[2,1] = 0.250 - 0.5 × 0.000 = 0.250
[36/43 update] w1[2,2] ← w1[2,2] - lr · dL/dw1[2,2] = 0.300 - 0.5 × 0.001 = 0.300
[37/43 update] b1[2] ← b1[2] - lr · dL/db1[2] = 0.350 - 0.5 × 0.010 = 0.345
[38/43 update] w2[1,1] ← w2[1,1] - lr · dL/dw2[1,1] = 0.400 - 0.5 × 0.082 = 0.359
[39/43 update] w2[1,2] ← w2[1,2] - lr · dL/dw2[1,2] = 0.450 - 0.5 × 0.083 = 0.409
(backprop) [27/43 backward] dL/da1[2] += dL/dz2[2] · w2[2,2] = 0.062 + (-0.038) × 0.550 = 0.041
(backprop) a1[2] = 0.597, dL/da1[2] = 0.041
(backprop) w2[1,2] = 0.450, dL/dw2[1,2] = 0.083
(backprop) b1[1] = 0.350, dL/db1[1] = 0.009
(backprop) step 27 of 43: backward phase, iteration 1 of 1
(backprop) cleared the breakpoint on dL/da1[2]
(backprop) breakpoint on w2[1,2]: 1 step
(backprop) cleared 1 breakpoint
(backprop) *** no quantity named 'y_pred[3]' (list shows the names)
(backprop) *** no quantity named 'z3' (list shows the names)
(backprop) *** n: COUNT must be a whole number >= 1, got '-1'
(backprop) x[1] = 0.050
x[2] = 0.100
z1[1] = 0.378, dL/dz1[1] = 0.009
a1[1] = 0.593, dL/da1[1] = 0.036
z1[2] = 0.392
a1[2] = 0.597, dL/da1[2] = 0.041
z2[1] = 1.106, dL/dz2[1] = 0.138
y_pred[1] = 0.751, dL/dy_pred[1] = 0.741
z2[2] = 1.225, dL/dz2[2] = -0.038
y_pred[2] = 0.773, dL/dy_pred[2] = -0.217
y[1] = 0.010
y[2] = 0.990
loss = 0.298
w1[1,1] = 0.150, dL/dw1[1,1] = 0.000
w1[1,2] = 0.200, dL/dw1[1,2] = 0.001
b1[1] = 0.350, dL/db1[1] = 0.009
w1[2,1] = 0.250
w1[2,2] = 0.300
b1[2] = 0.350
w2[1,1] = 0.400, dL/dw2[1,1] = 0.082
w2[1,2] = 0.450, dL/dw2[1,2] = 0.083
b2[1] = 0.600, dL/db2[1] = 0.138
w2[2,1] = 0.500, dL/dw2[2,1] = -0.023
w2[2,2] = 0.550, dL/dw2[2,2] = -0.023
b2[2] = 0.600, dL/db2[2] = -0.038
(backprop) O, back-over       back to the start of this unit
(backprop) [28/43 backward] dL/dz1[2] = dL/da1[2] · a1[2](1 - a1[2]) = 0.041 × 0.241 = 0.010
[29/43 backward] dL/dw1[2,1] = dL/dz1[2] · x[1] = 0.010 × 0.050 = 0.000
[30/43 backward] dL/dw1[2,2] = dL/dz1[2] · x[2] = 0.010 × 0.100 = 0.001
[31/43 backward] dL/db1[2] = dL/dz1[2] · 1 = 0.010 × 1 = 0.010
[32/43 update] w1[1,1] ← w1[1,1] - lr · dL/dw1[1,1] = 0.150 - 0.5 × 0.000 = 0.150
[33/43 update] w1[1,2] ← w1[1,2] - lr · dL/dw1[1,2] = 0.200 - 0.5 × 0.001 = 0.200
[34/43 update] b1[1] ← b1[1] - lr · dL/db1[1] = 0.350 - 0.5 × 0.009 = 0.346
[35/43 update] w1[2,1] ← w1[2,1] - lr · dL/dw1[2,1] = 0.250 - 0.5 × 0.000 = 0.250
[36/43 update] w1[2,2] ← w1[2,2] - lr · dL/dw1[2,2] = 0.300 - 0.5 × 0.001 = 0.300
[37/43 update] b1[2] ← b1[2] - lr · dL/db1[2] = 0.350 - 0.5 × 0.010 = 0.345
[38/43 update] w2[1,1] ← w2[1,1] - lr · dL/dw2[1,1] = 0.400 - 0.5 × 0.082 = 0.359
[39/43 update] w2[1,2] ← w2[1,2] - lr · dL/dw2[1,2] = 0.450 - 0.5 × 0.083 = 0.409
[40/43 update] b2[1] ← b2[1] - lr · dL/db2[1] = 0.600 - 0.5 × 0.138 = 0.531
[41/43 update] w2[2,1] ← w2[2,1] - lr · dL/dw2[2,1] = 0.500 - 0.5 × (-0.023) = 0.511
[42/43 update] w2[2,2] ← w2[2,2] - lr · dL/dw2[2,2] = 0.550 - 0.5 × (-0.023) = 0.561
[43/43 update] b2[2] ← b2[2] - lr · dL/db2[2] = 0.600 - 0.5 × (-0.038) = 0.619
(backprop) [0/43] at the start: nothing computed
(backprop) breakpoint on z1[1]: 1 step
(backprop) 
"""


MAZUR_PREDICT_SCRIPT = 'n 9\nn\n0.741\nn\n0.741\nn\n-0.082\nn 2\n?\n\nabc\n0.138\nN 2\nn 2\nover\nn\n0.050\nn\n0.055\nn\n0.0316\nwhere\nn\nq\n'
MAZUR_PREDICT_OUT = """\
mazur 2-2-2: 2-2-2 sigmoid/sigmoid, loss half_sse, lr 0.5, 1 sample; 43 steps. Type help for the commands.
Predicting the backward steps: n asks each value before showing it (? reveals it). Practice, not a grade.
(backprop) [1/43 forward] z1[1] = w1[1,1]·x[1] + w1[1,2]·x[2] + b1[1] = 0.150 × 0.050 + 0.200 × 0.100 + 0.350 = 0.378
[2/43 forward] a1[1] = σ(z1[1]) = σ(0.378) = 0.593
[3/43 forward] z1[2] = w1[2,1]·x[1] + w1[2,2]·x[2] + b1[2] = 0.250 × 0.050 + 0.300 × 0.100 + 0.350 = 0.392
[4/43 forward] a1[2] = σ(z1[2]) = σ(0.392) = 0.597
[5/43 forward] z2[1] = w2[1,1]·a1[1] + w2[1,2]·a1[2] + b2[1] = 0.400 × 0.593 + 0.450 × 0.597 + 0.600 = 1.106
[6/43 forward] y_pred[1] = σ(z2[1]) = σ(1.106) = 0.751
[7/43 forward] z2[2] = w2[2,1]·a1[1] + w2[2,2]·a1[2] + b2[2] = 0.500 × 0.593 + 0.550 × 0.597 + 0.600 = 1.225
[8/43 forward] y_pred[2] = σ(z2[2]) = σ(1.225) = 0.773
[9/43 loss] loss = ½((y[1] - y_pred[1])² + (y[2] - y_pred[2])²) = ½((0.010 - 0.751)² + (0.990 - 0.773)²) = 0.298
(backprop) [10/43 backward] dL/dy_pred[1] = (y_pred[1] - y[1]) = (0.751 - 0.010) = ?
dL/dy_pred[1] = ? right: 0.741; 1 of 1 right
(backprop) [11/43 backward] dL/dz2[1] = dL/dy_pred[1] · y_pred[1](1 - y_pred[1]) = 0.741 × 0.187 = ?
dL/dz2[1] = ? wrong: 0.138 (local derivative left out); 1 of 2 right
  local derivative 0.187, upstream gradient 0.741
(backprop) [12/43 backward] dL/dw2[1,1] = dL/dz2[1] · a1[1] = 0.138 × 0.593 = ?
dL/dw2[1,1] = ? wrong: 0.082 (sign flipped); 1 of 3 right
  local derivative 0.593, upstream gradient 0.138
(backprop) [13/43 backward] dL/dw2[1,2] = dL/dz2[1] · a1[2] = 0.138 × 0.597 = ?
dL/dw2[1,2] = ? revealed: 0.083 (not counted); 1 of 3 right
  local derivative 0.597, upstream gradient 0.138
[14/43 backward] dL/db2[1] = dL/dz2[1] · 1 = 0.138 × 1 = ?
dL/db2[1] = ? dL/db2[1] = ? *** not a number: 'abc' (type the value, or ? to reveal it)
dL/db2[1] = ? right: 0.138; 2 of 4 right
(backprop) [12/43 backward] dL/dw2[1,1] = dL/dz2[1] · a1[1] = 0.138 × 0.593 = 0.082
(backprop) [13/43 backward] dL/dw2[1,2] = dL/dz2[1] · a1[2] = 0.138 × 0.597 = 0.083
[14/43 backward] dL/db2[1] = dL/dz2[1] · 1 = 0.138 × 1 = 0.138
(backprop) [15/43 backward] dL/dy_pred[2] = (y_pred[2] - y[2]) = (0.773 - 0.990) = -0.217
[16/43 backward] dL/dz2[2] = dL/dy_pred[2] · y_pred[2](1 - y_pred[2]) = (-0.217) × 0.176 = -0.038
[17/43 backward] dL/dw2[2,1] = dL/dz2[2] · a1[1] = (-0.038) × 0.593 = -0.023
[18/43 backward] dL/dw2[2,2] = dL/dz2[2] · a1[2] = (-0.038) × 0.597 = -0.023
[19/43 backward] dL/db2[2] = dL/dz2[2] · 1 = (-0.038) × 1 = -0.038
(backprop) [20/43 backward] dL/da1[1] = dL/dz2[1] · w2[1,1] = 0.138 × 0.400 = ?
dL/da1[1] = ? wrong: 0.055 (the updated w2[1,1] used instead of the old one); 2 of 5 right
  local derivative 0.400, upstream gradient 0.138
(backprop) [21/43 backward] dL/da1[1] += dL/dz2[2] · w2[2,1] = 0.055 + (-0.038) × 0.500 = ?
dL/da1[1] = ? wrong: 0.036 (a += contribution missed); 2 of 6 right
  local derivative 0.500, upstream gradient -0.038, sum so far 0.055
(backprop) [22/43 backward] dL/dz1[1] = dL/da1[1] · a1[1](1 - a1[1]) = 0.036 × 0.241 = ?
dL/dz1[1] = ? wrong: 0.009 (tanh's derivative used instead of sigmoid's); 2 of 7 right
  local derivative 0.241, upstream gradient 0.036
(backprop) step 22 of 43: backward phase, iteration 1 of 1
predicted 2 of 7 right (the backward steps; practice, not a grade)
(backprop) [23/43 backward] dL/dw1[1,1] = dL/dz1[1] · x[1] = 0.009 × 0.050 = ?
dL/dw1[1,1] = ? 
predicted 2 of 7 right
"""



@pytest.mark.parametrize(("args", "script", "expected"), [
    (["step"], SEED_SCRIPT, SEED_OUT),
    (["step", "--example", "mazur"], MAZUR_SCRIPT, MAZUR_OUT),
    (["step", "--example", "mazur", "--predict"], MAZUR_PREDICT_SCRIPT, MAZUR_PREDICT_OUT),
], ids=["seed", "mazur", "mazur-predict"])
def test_transcript(monkeypatch, capsys, args, script, expected) -> None:
    assert transcript(monkeypatch, capsys, args, script) == expected


@pytest.mark.parametrize("script", [SEED_SCRIPT, MAZUR_SCRIPT], ids=["seed", "mazur"])
def test_every_command_is_in_the_transcript(script: str) -> None:
    typed = {line.split(" ")[0] for line in script.splitlines()}
    for command in COMMANDS:
        assert typed & set(command.forms), command.name
    assert "" in script.splitlines()  # the empty line that repeats the last command


def test_output_is_plain_text(monkeypatch, capsys) -> None:
    out = transcript(monkeypatch, capsys, ["step", "--example", "mazur"], MAZUR_SCRIPT + "list\nhelp\n")
    assert "\x1b" not in out
    assert not any("\u2500" <= ch <= "\u259f" for ch in out)  # no box drawing or blocks


def test_the_end_of_input_ends_the_session(monkeypatch, capsys) -> None:
    assert transcript(monkeypatch, capsys, ["step"], "n") == (
        "seed 1-1-1: 1-1-1 sigmoid/sigmoid, loss mse, lr 0.1, 1 sample; 17 steps. Type help for the commands.\n"
        "(backprop) [1/17 forward] z1 = w1·x + b1 = 0.500 × 2.000 + 0.100 = 1.100\n"
        "(backprop) \n")


def test_a_graph_steps_with_node_names(monkeypatch, capsys) -> None:
    out = transcript(monkeypatch, capsys, ["step", "--example", "micrograd-lecture"],
                     "b dL/da\nc\nshow a\nover\nout\nwhere\nb e\nC\n")
    assert out.splitlines()[1:] == [
        "(backprop) breakpoint on dL/da: 1 step",
        "(backprop) [1/14 forward] e = a · b = 2.000 × (-3.000) = -6.000",
        "[2/14 forward] d = e + c = (-6.000) + 10.000 = 4.000",
        "[3/14 forward] L = d · f = 4.000 × (-2.000) = -8.000",
        "[4/14 backward] dL/dL = 1 = 1.000",
        "[5/14 backward] dL/dd = dL/dL · ∂L/∂d = 1.000 × (-2.000) = -2.000",
        "[6/14 backward] dL/df = dL/dL · ∂L/∂f = 1.000 × 4.000 = 4.000",
        "[7/14 backward] dL/de = dL/dd · ∂d/∂e = (-2.000) × 1.000 = -2.000",
        "[8/14 backward] dL/dc = dL/dd · ∂d/∂c = (-2.000) × 1.000 = -2.000",
        "[9/14 backward] dL/da = dL/de · ∂e/∂a = (-2.000) × (-3.000) = 6.000",
        "(backprop) a = 2.000, dL/da = 6.000",
        "(backprop) [10/14 backward] dL/db = dL/de · ∂e/∂b = (-2.000) × 2.000 = -4.000",
        "(backprop) [11/14 update] a ← a - lr · dL/da = 2.000 - 0.01 × 6.000 = 1.940",
        "[12/14 update] b ← b - lr · dL/db = (-3.000) - 0.01 × (-4.000) = -2.960",
        "[13/14 update] c ← c - lr · dL/dc = 10.000 - 0.01 × (-2.000) = 10.020",
        "[14/14 update] f ← f - lr · dL/df = (-2.000) - 0.01 × 4.000 = -2.040",
        "(backprop) step 14 of 14: update phase, iteration 1 of 1",
        "(backprop) breakpoint on e: 1 step",
        "(backprop) [9/14 backward] dL/da = dL/de · ∂e/∂a = (-2.000) × (-3.000) = 6.000",  # the later one
        "(backprop) ",
    ]


def test_a_sample_may_be_typed_in_parentheses(monkeypatch, capsys) -> None:
    out = transcript(monkeypatch, capsys, ["step", "--example", "xor"], "n 3\nshow z1[1](1)\nb dL/dw1[1,1]\n")
    assert "(backprop) z1[1]⁽¹⁾ = 0.100, dL/dz1[1]⁽¹⁾ not computed yet" in out
    assert "(backprop) breakpoint on dL/dw1[1,1]: 4 steps" in out  # a += per sample


def test_several_iterations_are_marked(monkeypatch, capsys) -> None:
    out = transcript(monkeypatch, capsys, ["step", "--iterations", "2"], "G\nshow w1\nwhere\n")
    assert "[34/34 update, iteration 2] b2 ← b2 - lr · dL/db2" in out
    assert "(backprop) w1 = 0.504 (was 0.502), dL/dw1 = -0.022" in out
    assert "step 34 of 34: update phase, iteration 2 of 2" in out


def test_control_characters_in_names_are_made_visible(monkeypatch, capsys) -> None:
    out = transcript(monkeypatch, capsys, ["step"], "show z\x1b[2J\nfoo\x1b]0;x\x07\n")
    assert "\x1b" not in out and "\x07" not in out
    assert "*** no quantity named 'z\\x1b[2J'" in out


def test_a_conditional_breakpoint_stops_where_its_condition_holds(monkeypatch, capsys) -> None:
    """`b WHERE if CONDITION` reads a breakpoint as the debugger's --break does; c stops at the
    first step it holds at, counted here by hand over the steps."""
    import tui_backprop as tb

    trace = tb.build_trace(tb.example("mazur"))
    hits = [s.index for s in trace if s.target.startswith("dL/dw") and s.value < 0]
    assert hits  # the test means something only if the condition holds somewhere
    out = transcript(monkeypatch, capsys, ["step", "--example", "mazur"],
                     "b dL/dw* if value < 0\nb\nc\nwhere\nb a1[1] if valeu > 0\n"
                     "clear dL/dw* if value < 0\nb\n")
    assert f"breakpoint on dL/dw* if value < 0: {len(hits)} steps" in out
    assert f"step {hits[0] + 1} of {len(trace)}" in out
    assert "*** column 10: unknown name 'valeu'" in out  # the column of the breakpoint's text
    assert "cleared the breakpoint on dL/dw* if value < 0" in out
    assert out.endswith("(backprop) no breakpoints\n(backprop) \n")
