// posters web, review page: draw a face cover by dragging a rectangle on a photo.
// The drag fills the form's four number inputs (left, top, right, bottom, in the published
// photo's pixels); typing them works without this script. No inline script (the CSP forbids it).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const SVG = "http://www.w3.org/2000/svg";
  document.querySelectorAll("figure.photo-review").forEach((figure) => {
    const svg = figure.querySelector("svg");
    const form = figure.querySelector("form.face-cover");
    if (!svg || !form) return;
    const input = (k) => form.querySelector(".box-" + k);
    const [width, height] = svg.getAttribute("viewBox").split(" ").slice(2).map(Number);
    const drawn = document.createElementNS(SVG, "rect");
    drawn.setAttribute("class", "drawn");
    drawn.setAttribute("visibility", "hidden");
    svg.appendChild(drawn);
    svg.style.cursor = "crosshair";
    svg.style.touchAction = "none";

    const clamp = (v, max) => Math.max(0, Math.min(max, Math.round(v)));
    const point = (event) => {
      const p = svg.createSVGPoint();
      p.x = event.clientX;
      p.y = event.clientY;
      const q = p.matrixTransform(svg.getScreenCTM().inverse());
      return [clamp(q.x, width), clamp(q.y, height)];
    };
    const show = () => {
      const [l, t, r, b] = ["left", "top", "right", "bottom"].map((k) => Number(input(k).value));
      if (![l, t, r, b].every(Number.isFinite) || r <= l || b <= t) {
        drawn.setAttribute("visibility", "hidden");
        return;
      }
      drawn.setAttribute("x", l);
      drawn.setAttribute("y", t);
      drawn.setAttribute("width", r - l);
      drawn.setAttribute("height", b - t);
      drawn.setAttribute("visibility", "visible");
    };
    const fill = (a, b) => {
      input("left").value = Math.min(a[0], b[0]);
      input("top").value = Math.min(a[1], b[1]);
      input("right").value = Math.max(a[0], b[0]);
      input("bottom").value = Math.max(a[1], b[1]);
      show();
    };

    let start = null;
    svg.addEventListener("pointerdown", (event) => {
      start = point(event);
      svg.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    svg.addEventListener("pointermove", (event) => { if (start) fill(start, point(event)); });
    svg.addEventListener("pointerup", (event) => {
      if (!start) return;
      fill(start, point(event));
      start = null;
      form.querySelector("input[name=reason]").focus();
    });
    ["left", "top", "right", "bottom"].forEach((k) => input(k).addEventListener("input", show));
  });
});
