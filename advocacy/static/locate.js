// "Use my location": fills the hidden lat/lng fields from the browser and submits.
// Without JavaScript (or geolocation) the button stays hidden and the form still works.
(function () {
  var button = document.getElementById("locate");
  // The lookup's form, or the march's (data-locate), whose address field is cleared.
  var form = document.getElementById("lookup-form") || document.querySelector("form[data-locate]");
  if (!button || !form || !("geolocation" in navigator)) return;
  var status = document.getElementById("locate-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = "Finding your location…";
    navigator.geolocation.getCurrentPosition(
      function (pos) {
        document.getElementById("lat").value = pos.coords.latitude.toFixed(6);
        document.getElementById("lng").value = pos.coords.longitude.toFixed(6);
        var typed = document.getElementById("q") || document.getElementById("address");
        if (typed) typed.value = "";
        form.submit();
      },
      function () {
        status.textContent = "We couldn't get your location. Please type your address instead.";
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
    );
  });
})();
