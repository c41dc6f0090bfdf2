"""Every key of the debugger: letters first, arrows and Home/End only as aliases.

`description` is the footer's short label; `tooltip` is the sentence the help screen shows,
so the help is generated from these bindings and cannot drift from them.

`P` is a priority binding, and the predict bar's input leaves it to the bindings (no number
has a P in it), so it works while a question is asked. Every other letter typed there is
part of the answer, never a key.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

KEYS: list[BindingType] = [
    Binding("n,right,space", "step(1)", "Next", id="step-next",
            tooltip="Next step: one chain-rule operation"),
    Binding("N,p,left", "step(-1)", "Prev", id="step-previous", key_display="p",
            tooltip="Previous step"),
    Binding("g,home", "jump(0)", "First", show=False, id="step-first",
            tooltip="Back to the start: nothing computed"),
    Binding("G,end", "jump(-1)", "Last", show=False, id="step-last",
            tooltip="To the last step: everything computed"),
    Binding("o", "block('unit', 1)", "Over", id="step-over-unit",
            tooltip="Step over: to the end of the current unit"),
    Binding("O", "block('unit', -1)", "Over back", show=False, id="step-back-unit",
            tooltip="Back to the start of the current unit"),
    Binding("e", "block('layer', 1)", "Layer", show=False, id="step-out-layer",
            tooltip="Step out: to the end of the current layer"),
    Binding("E", "block('layer', -1)", "Layer back", show=False, id="step-back-layer",
            tooltip="Back to the start of the current layer"),
    Binding("f", "block('phase', 1)", "Phase", id="step-out-phase",
            tooltip="To the end of the current phase: forward, loss, backward, update"),
    Binding("F", "block('phase', -1)", "Phase back", show=False, id="step-back-phase",
            tooltip="Back to the start of the current phase"),
    Binding("i", "block('iteration', 1)", "Iteration", show=False, id="step-out-iteration",
            tooltip="To the end of the current iteration"),
    Binding("I", "block('iteration', -1)", "Iteration back", show=False,
            id="step-back-iteration", tooltip="Back to the start of the current iteration"),
    Binding("b", "toggle_node_breakpoint", "Break", id="breakpoint-node",
            tooltip="Toggle a breakpoint on the focused node"),
    Binding("B", "toggle_step_breakpoint", "Break step", show=False, id="breakpoint-step",
            tooltip="Toggle a breakpoint on the current step"),
    Binding("c", "continue(1)", "Cont", id="continue-forward",
            tooltip="Continue to the next breakpoint (or the end)"),
    Binding("C", "continue(-1)", "Cont back", show=False, id="continue-back",
            tooltip="Continue back to the previous breakpoint (or the start)"),
    Binding("j,down", "focus_unit(1)", "Unit down", show=False, id="focus-next-unit",
            tooltip="Focus the next unit of the layer"),
    Binding("k,up", "focus_unit(-1)", "Unit up", show=False, id="focus-previous-unit",
            tooltip="Focus the previous unit of the layer"),
    Binding("l,tab", "focus_layer(1)", "Layer right", show=False, id="focus-next-layer",
            tooltip="Focus the next layer"),
    Binding("h,shift+tab", "focus_layer(-1)", "Layer left", show=False,
            id="focus-previous-layer", tooltip="Focus the previous layer"),
    Binding("a", "autoplay", "Play", id="autoplay",
            tooltip="Autoplay on/off: one step per tick, stops at breakpoints and the end"),
    Binding("plus", "speed(1)", "Faster", show=False, id="autoplay-faster",
            tooltip="Autoplay faster"),
    Binding("minus", "speed(-1)", "Slower", show=False, id="autoplay-slower",
            tooltip="Autoplay slower"),
    Binding("t", "next_theme", "Theme", show=False, id="theme-next",
            tooltip="Next theme"),
    Binding("d", "decimals(1)", "More decimals", show=False, id="decimals-more",
            tooltip="Show one more decimal"),
    Binding("D", "decimals(-1)", "Fewer decimals", show=False, id="decimals-fewer",
            tooltip="Show one decimal fewer"),
    Binding("s", "screenshot", "Screenshot", show=False, id="screenshot",
            tooltip="Save an SVG screenshot (the notification says where)"),
    Binding("w,enter", "edit", "Edit", show=False, id="edit-value",
            tooltip="Edit a weight, bias, input or target of the focused node (the trace is rebuilt)"),
    Binding("W", "close_edit", "Close edit", show=False, id="edit-close",
            tooltip="Close the list of values your last edit changed"),
    Binding("r", "toggle_training", "Training", show=False, id="training-panel",
            tooltip="Training panel: loss per iteration and parameter changes, on/off"),
    Binding("x", "toggle_gradcheck", "Grad check", show=False, id="gradcheck-panel",
            tooltip="Gradient check: analytic gradient vs central difference per parameter, on/off"),
    Binding("P", "toggle_predict", "Predict", show=False, id="predict-toggle", priority=True,
            tooltip="Predict mode on/off: moving on asks each step's value first (Enter checks "
                    "the answer, Esc reveals it uncounted)"),
    Binding("question_mark", "help", "Help", id="help",
            tooltip="This help: every key and what it does"),
    Binding("q", "app.quit", "Quit", id="quit",
            tooltip="Quit, leaving the terminal as it was"),
]
"""The main screen's bindings, in the order the help lists them."""
