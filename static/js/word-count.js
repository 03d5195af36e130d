// Live word count beside every textarea with a data-word-limit. Words are counted as in
// applications/words.py: runs of characters between whitespace.
(function () {
  "use strict";
  function countWords(text) {
    return text.split(/\s+/).filter(function (word) { return word.length > 0; }).length;
  }
  var form = document.getElementById("application-form");
  var wordsLabel = (form && form.dataset.msgWords) || "words";
  var tooLongLabel = (form && form.dataset.msgTooLong) || "too long";
  document.querySelectorAll("textarea[data-word-limit]").forEach(function (area) {
    var limit = parseInt(area.dataset.wordLimit, 10);
    var counter = document.createElement("p");
    counter.id = area.id + "-count";
    counter.className = "word-count small mb-0";
    counter.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", counter);
    var described = (area.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    described.push(counter.id);
    area.setAttribute("aria-describedby", described.join(" "));
    function update() {
      var words = countWords(area.value);
      counter.textContent = words + " / " + limit + " " + wordsLabel;
      counter.classList.toggle("over", words > limit);
      if (words > limit) { counter.textContent += " (" + tooLongLabel + ")"; }
    }
    area.addEventListener("input", update);
    update();
  });
})();
